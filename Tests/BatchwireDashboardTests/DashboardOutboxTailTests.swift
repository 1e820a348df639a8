import BatchwireCore
import BatchwireDashboard
import BatchwireListeners
import BatchwireRuntime
import BatchwireStore
import BatchwireTestSupport
import Foundation
import HummingbirdTesting
import Logging
import Testing

/// Other nodes' events reach the event streams through the shared outbox (``DashboardOutboxTail``).
@Suite struct DashboardOutboxTailTests {
    static let logger = Logger(label: "batchwire.tests.dashboard") { _ in SwiftLogNoOpLogHandler() }

    /// The first event on `events` that `matches`, or `nil` after `seconds`.
    static func first(
        in events: AsyncStream<BatchwireEvent>, within seconds: Double = 20,
        where matches: @escaping @Sendable (BatchwireEvent) -> Bool
    ) async -> BatchwireEvent? {
        await withTaskGroup(of: BatchwireEvent?.self) { group in
            group.addTask {
                for await event in events where matches(event) { return event }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(seconds))
                return nil
            }
            let found = await group.next() ?? nil
            group.cancelAll()
            return found
        }
    }

    static func isCompleted(_ id: Int64) -> @Sendable (BatchwireEvent) -> Bool {
        { event in
            guard case .jobStatusChanged(let changed) = event else { return false }
            return changed.jobExecutionId == id && changed.status == .completed
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func anExecutionOfAnotherNodeOnTheSameDatabaseReachesTheStream(_ backend: TestDatabase) async throws {
        try await DashboardHarness.run(backend, outboxPoll: .milliseconds(100)) { fixture in
            try fixture.register("hello", steps: [("say", "true")])
        } _: { harness, client in
            // Another node: its own connection to the same database, its own operator, no path to this hub but
            // the outbox.
            let otherStore = try await harness.fixture.openAgain()
            let other = harness.fixture.makeOperator(node: "node-2", store: otherStore)
            let before = try await other.startNextInstance(jobName: "hello")
            #expect(try await finished(other, before.id).status == .completed)

            let hub = harness.dashboard.events
            let tail = harness.dashboard.outboxTail(logger: Self.logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await tail.run() }
                let watched = hub.subscribe()
                async let streamed = client.get("/api/v1/events")
                try await eventually("the streams to subscribe") { hub.subscriberCount == 2 }
                // The tail starts at the newest event once a stream opens: give it a read before the run.
                try await Task.sleep(for: .milliseconds(300))
                let execution = try await other.startNextInstance(jobName: "hello")
                #expect(try await finished(other, execution.id).status == .completed)
                let completed = await Self.first(in: watched, where: Self.isCompleted(execution.id))
                #expect(completed?.node == "node-2")
                hub.finish()
                let body = text(try await streamed)
                #expect(body.contains("\"jobExecutionId\":\(execution.id)"))
                #expect(body.contains("\"node\":\"node-2\""))
                // What was there before the stream opened is not replayed.
                #expect(!body.contains("\"jobExecutionId\":\(before.id),") && !body.contains("\"jobExecutionId\":\(before.id)}"))
                group.cancelAll()
            }
            await otherStore.close()
        }
    }

    @Test func anEventBothInProcessAndInTheOutboxIsStreamedOnce() async throws {
        try await DashboardHarness.run(.sqlite, outboxPoll: .milliseconds(50)) { fixture in
            try fixture.register("hello", steps: [("say", "true")])
        } _: { harness, client in
            let hub = harness.dashboard.events
            let tail = harness.dashboard.outboxTail(logger: Self.logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await tail.run() }
                async let streamed = client.get("/api/v1/events")
                try await eventually("the stream to subscribe") { hub.subscriberCount == 1 }
                try await Task.sleep(for: .milliseconds(200))
                // This node: its events reach the hub in-process and, a moment later, through the outbox.
                let dispatcher = ListenerDispatcher(listeners: [NamedListener(name: "dashboard", listener: hub)])
                let jobOperator = harness.fixture.makeOperator(dispatcher: dispatcher)
                let execution = try await jobOperator.startNextInstance(jobName: "hello")
                #expect(try await finished(jobOperator, execution.id).status == .completed)
                _ = await dispatcher.shutdown(gracePeriod: .seconds(5))
                // Several reads of the outbox after the last event was committed.
                try await Task.sleep(for: .milliseconds(400))
                hub.finish()
                let body = text(try await streamed)
                let stored = try await harness.fixture.store.state.outboxEvents(jobExecutionID: execution.id)
                #expect(stored.count >= 4)
                for row in stored {
                    let id = try BatchwireEvent(jsonData: Data(row.event.payload.utf8)).eventId.uuidString.lowercased()
                    #expect(body.components(separatedBy: "id: \(id)\n").count - 1 == 1, "event \(row.sequenceNumber)")
                }
                group.cancelAll()
            }
        }
    }
}
