/// Makes a ``JobStatusChangedListener`` from configuration; named in configuration as Flink's
/// `execution.job-status-changed-listeners` names factories (see ``ListenerRegistry``).
public protocol JobStatusChangedListenerFactory: Sendable {
    /// The name configuration uses for this factory (e.g. `logging`, `mqtt`, `openlineage-http`).
    var name: String { get }

    /// Makes a listener.
    ///
    /// - Parameter configuration: this listener's options, keys without the
    ///   `job-status-changed-listener.<name>.` prefix (e.g. `url`, `timeout`).
    /// - Returns: the listener.
    /// - Throws: an error that names the bad option and says what to write instead.
    func make(configuration: [String: String]) throws -> any JobStatusChangedListener
}
