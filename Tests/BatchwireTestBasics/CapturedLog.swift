import Logging
import Synchronization

/// Keeps every line logged through its ``logger(label:level:)`` at `level` or above, for tests that assert what
/// was (or was not) logged.
package final class CapturedLog: Sendable {
    private let lines = Mutex<[(level: Logger.Level, message: String, metadata: Logger.Metadata)]>([])

    /// An empty log.
    package init() {}

    /// A logger whose lines at `level` or above land here.
    package func logger(label: String = "batchwire.tests.captured", level: Logger.Level = .debug) -> Logger {
        var logger = Logger(label: label) { _ in Handler(log: self) }
        logger.logLevel = level
        return logger
    }

    /// The messages logged at `level` or above.
    package func messages(atLeast level: Logger.Level) -> [String] {
        lines.withLock { $0.filter { $0.level >= level }.map(\.message) }
    }

    /// The messages logged at `level` or above, each followed by its metadata (for failure messages).
    package func messagesWithMetadata(atLeast level: Logger.Level) -> [String] {
        lines.withLock { $0.filter { $0.level >= level }.map { "\($0.message) \($0.metadata)" } }
    }

    fileprivate func append(_ level: Logger.Level, _ message: String, _ metadata: Logger.Metadata) {
        lines.withLock { $0.append((level, message, metadata)) }
    }

    private struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            log.append(event.level, "\(event.message)", event.metadata ?? [:])
        }
    }
}
