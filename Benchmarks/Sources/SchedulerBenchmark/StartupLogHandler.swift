import Foundation
import Logging
import Synchronization

/// Notes when the scheduler logged that its first reconcile finished (`schedules loaded`), and prints
/// warnings and errors, which a benchmark should not hide. Everything else is dropped.
struct StartupLogHandler: LogHandler {
    /// When the first `schedules loaded` arrived.
    final class Marks: Sendable {
        private let loadedAt = Mutex<ContinuousClock.Instant?>(nil)
        private let warnings = Atomic<Int>(0)

        var schedulesLoaded: ContinuousClock.Instant? { loadedAt.withLock { $0 } }
        var warningCount: Int { warnings.load(ordering: .relaxed) }

        fileprivate func loaded(at instant: ContinuousClock.Instant) {
            loadedAt.withLock { if $0 == nil { $0 = instant } }
        }

        fileprivate func warned() {
            warnings.add(1, ordering: .relaxed)
        }
    }

    let marks: Marks
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        if event.message.description == "schedules loaded" {
            marks.loaded(at: ContinuousClock.now)
        } else if event.level >= .warning {
            marks.warned()
            print("  [\(event.level)] \(event.message) \(event.metadata ?? [:])")
        }
    }
}
