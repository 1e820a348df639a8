import BatchwireCore
import Foundation

/// The cost of writing event payloads, without a database or broker: `JSONTextWriter` (``BatchwireEvent/jsonData()``,
/// the writer the outbox uses) against Foundation's `JSONEncoder` over the events' `Encodable` conformance (the bytes
/// are the same). Part `writers` of the event benchmark.
struct WriterBenchmark {
    /// Events per writer per round.
    let count: Int

    /// The events a run writes: created (with parameters and lineage), STARTING, STARTED, COMPLETED, and a step.
    static func events() -> [BatchwireEvent] {
        let created = Date(timeIntervalSince1970: 1_790_000_000.123)
        let job = "orders-nightly"
        func change(_ status: BatchStatus, _ previous: BatchStatus?, _ sequence: Int64) -> BatchwireEvent {
            .jobStatusChanged(
                JobStatusChangedEvent(
                    sequence: sequence, node: "node-a", jobName: job, jobInstanceId: 12, jobExecutionId: 9_001,
                    previousStatus: previous, status: status, exitCode: status == .completed ? "COMPLETED" : "UNKNOWN",
                    exitDescription: "", createTime: created, startTime: status == .starting ? nil : created,
                    endTime: status == .completed ? created.addingTimeInterval(61.25) : nil))
        }
        let lineage = EventLineage(
            inputs: [EventDataset(namespace: "s3://raw", name: "orders/2026-12-08")],
            outputs: [EventDataset(namespace: "postgres://warehouse", name: "public.orders", facets: ["rows": .number(1200)])])
        return [
            .jobCreated(
                JobCreatedEvent(
                    sequence: 1, node: "node-a", jobName: job, jobInstanceId: 12, jobExecutionId: 9_001,
                    jobKey: "116e9dade2ca26007a4a2af4ae448aa7",
                    parameters: ["run.id": JobParameter(.long(7)), "region": JobParameter(.string("eu-west/1"))],
                    lineage: lineage, fireTime: created)),
            change(.starting, nil, 2), change(.started, .starting, 3),
            .stepStatusChanged(
                StepStatusChangedEvent(
                    sequence: 4, node: "node-a", jobName: job, jobInstanceId: 12, jobExecutionId: 9_001,
                    stepExecutionId: 90_001, stepName: "load", previousStatus: .started, status: .completed,
                    exitCode: "COMPLETED", createTime: created)),
            change(.completed, .started, 5),
        ]
    }

    /// Writes the events `count` times with each writer, best of 5 rounds, after checking both write the same bytes.
    /// - Returns: lines for the summary.
    func run() throws -> [String] {
        let events = Self.events()
        let encoder = BatchwireEvent.makeEncoder()
        for event in events where try event.jsonData() != encoder.encode(event) {
            throw WriterMismatch(type: event.type.rawValue)
        }
        var bytes = 0
        let text = try best(rounds: 5) {
            for _ in 0..<count { for event in events { bytes &+= try event.jsonData().count } }
        }
        let codable = try best(rounds: 5) {
            for _ in 0..<count { for event in events { bytes &+= try encoder.encode(event).count } }
        }
        let written = Double(count * events.count)
        let textNanos = text * 1e9 / written
        let codableNanos = codable * 1e9 / written
        return [
            "  payload writers, \(count * events.count) events each (checksum \(bytes % 997)), best of 5:",
            "    JSONTextWriter (jsonData): \(String(format: "%.0f", textNanos)) ns/event",
            "    JSONEncoder (Encodable):   \(String(format: "%.0f", codableNanos)) ns/event"
                + " (\(String(format: "%.1f", codableNanos / textNanos))x the JSONTextWriter)",
        ]
    }

    /// The shortest of `rounds` timings of `body`, in seconds.
    private func best(rounds: Int, _ body: () throws -> Void) throws -> Double {
        var shortest = Double.infinity
        for _ in 0..<rounds {
            let start = ContinuousClock.now
            try body()
            let elapsed = (ContinuousClock.now - start).components
            shortest = min(shortest, Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
        }
        return shortest
    }
}

/// The two writers disagreed: the benchmark would compare different work.
struct WriterMismatch: Error, CustomStringConvertible {
    let type: String
    var description: String { "the writers wrote different bytes for a \(type) event; fix JSONTextWriter first" }
}
