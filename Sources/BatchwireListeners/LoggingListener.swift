import BatchwireCore
import Foundation

/// Writes one line per event, e.g.
/// `batchwire event job-status-changed job=orders execution=42 seq=3 STARTING->STARTED exit=UNKNOWN node=a id=…`.
///
/// Created by ``LoggingListenerFactory`` (name `logging`). Library users who log with swift-log pass a
/// sink that forwards the line to their `Logger`.
public struct LoggingListener: JobStatusChangedListener {
    private let sink: @Sendable (String) -> Void

    /// A listener that hands each line to `sink`.
    ///
    /// - Parameter sink: receives one line per event, without a trailing newline.
    public init(sink: @escaping @Sendable (String) -> Void) {
        self.sink = sink
    }

    /// A listener that writes to standard output or standard error.
    ///
    /// - Parameter standardError: write to standard error instead of standard output.
    public init(standardError: Bool = false) {
        let handle = standardError ? FileHandle.standardError : FileHandle.standardOutput
        self.init { line in handle.write(Data((line + "\n").utf8)) }
    }

    public func onEvent(_ event: BatchwireEvent) async throws {
        sink(Self.line(for: event))
    }

    /// The line written for `event`.
    public static func line(for event: BatchwireEvent) -> String {
        var words = ["batchwire event", event.type.rawValue, "job=\(event.jobName)"]
        switch event {
        case .jobCreated(let created):
            words.append("execution=\(created.jobExecutionId)")
            words.append("instance=\(created.jobInstanceId)")
            words.append("parameters=\(created.parameters.count)")
            words.append("inputs=\(created.lineage.inputs.count)")
            words.append("outputs=\(created.lineage.outputs.count)")
        case .jobStatusChanged(let change):
            words.append("execution=\(change.jobExecutionId)")
            words.append(Self.transition(change.previousStatus, change.status))
            words.append("exit=\(change.exitCode)")
        case .stepStatusChanged(let change):
            words.append("execution=\(change.jobExecutionId)")
            words.append("step=\(change.stepName)")
            words.append(Self.transition(change.previousStatus, change.status))
            words.append("exit=\(change.exitCode)")
        case .scheduleFire(let fire):
            words.append("schedule=\(fire.schedule)")
            words.append("fire=\(EventTimestamp.format(fire.fireTime))")
            words.append(fire.outcome.rawValue)
            words.append("reason=\"\(fire.reason)\"")
        case .triggerFire(let fire):
            words.append("trigger=\(fire.trigger)")
            words.append(fire.outcome.rawValue)
            if let execution = fire.jobExecutionId { words.append("execution=\(execution)") }
            words.append("reason=\"\(fire.reason)\"")
        }
        words.append("seq=\(event.sequence)")
        words.append("node=\(event.node)")
        words.append("id=\(event.eventId.uuidString.lowercased())")
        return words.joined(separator: " ")
    }

    private static func transition(_ previous: BatchStatus?, _ status: BatchStatus) -> String {
        (previous.map { "\($0.rawValue)->" } ?? "") + status.rawValue
    }
}
