/// Makes ``LoggingListener``s; configuration name `logging`.
///
/// Options: `output` = `stdout` (default) or `stderr`.
public struct LoggingListenerFactory: JobStatusChangedListenerFactory {
    /// `logging`.
    public static let name = "logging"

    /// A factory.
    public init() {}

    public var name: String { Self.name }

    public func make(configuration: [String: String]) throws -> any JobStatusChangedListener {
        for key in configuration.keys where key != "output" {
            throw ListenerRegistryError(
                code: .invalidConfiguration, listenerName: Self.name,
                message: "unknown option '\(key)'; the logging listener only knows 'output' (stdout or stderr)")
        }
        switch configuration["output"] ?? "stdout" {
        case "stdout": return LoggingListener(standardError: false)
        case "stderr": return LoggingListener(standardError: true)
        case let other:
            throw ListenerRegistryError(
                code: .invalidConfiguration, listenerName: Self.name,
                message: "option 'output' is '\(other)'; write stdout or stderr")
        }
    }
}
