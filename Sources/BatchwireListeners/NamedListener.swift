/// A listener with the name it goes by in logs and dispatcher statistics (usually its factory's name).
public struct NamedListener: Sendable {
    /// The name.
    public var name: String
    /// The listener.
    public var listener: any JobStatusChangedListener

    /// A named listener.
    ///
    /// - Parameters:
    ///   - name: the name in logs and statistics.
    ///   - listener: the listener.
    public init(name: String, listener: any JobStatusChangedListener) {
        self.name = name
        self.listener = listener
    }
}
