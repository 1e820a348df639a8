import BatchwireCore
import BatchwireStore
import BatchwireTestSupport
import Foundation
import Testing

extension ServeProcessTests {
    @Suite("three nodes on one MariaDB")
    struct ClusterFiringTests {
        static let job = """
            name: tick
            incrementer: fire-time
            steps:
              - name: touch
                command: ["/bin/true"]
            schedules:
              - name: every-second
                every: 1s
                overlap: allow
            """

        @Test("every second is fired exactly once, by one of three nodes, with one execution carrying the slot")
        func everySlotOnce() async throws {
            let seconds = try ServeTestEnvironment.clusterSeconds()
            try await ServeSite.with(.mariadb) { site in
                // The nodes publish to the test broker under a topic prefix of their own, which the test watches.
                let prefix = "batchwire/serve-test-\(UUID().uuidString.prefix(8))"
                site.setEnvironment(try ServeTestEnvironment.brokerEnvironment())
                site.setEnvironment(["BATCHWIRE_MQTT_TOPIC_PREFIX": prefix])
                try await BrokerWatcher.with { watcher in
                    try await watcher.recordStatusEvents(on: "\(prefix)/events/tick")
                    try site.writeJob("tick.yaml", Self.job)
                    let nodes = try ["a", "b", "c"].map { try site.serve(node: $0) }
                    try await site.withStore { store in
                        for node in nodes { try await node.waitForError(containing: "batchwire serve started") }
                        // Poll the fired slots until `seconds` of them were decided: the run lasts about that long.
                        // (A node claims a slot 1 s before it is due; the claims not due yet at SIGTERM are released.)
                        try await eventually("\(seconds) fired slots", within: Double(seconds) * 3 + 120, every: .milliseconds(100)) {
                            try await store.state.firedSlots(scheduleID: "tick#every-second", limit: seconds + 10)
                                .filter { $0.outcome != nil }.count >= seconds
                        }
                        for node in nodes { node.terminate() }
                        for node in nodes {
                            let end = try await node.waitForEnd(within: 90)
                            #expect(end == .exited(0), "\(node.name) ended with \(end)\n\(node.errorTail())")
                        }

                        let record = try await FiringRecord.load(
                            store, scheduleID: "tick#every-second", jobName: "tick")
                        #expect(record.slots.count >= seconds)
                        #expect(record.missingSeconds.isEmpty, "seconds never fired: \(record.missingSeconds)")
                        #expect(record.duplicateSeconds.isEmpty, "seconds claimed twice: \(record.duplicateSeconds)")
                        let notStarted = record.slots.filter { $0.outcome != "started" || $0.jobExecutionID == nil }
                        #expect(notStarted.isEmpty, "slots that started no run: \(notStarted)")

                        // One execution per slot, no other: the slot is its fireTime, and no fireTime repeats.
                        record.expectOneRunPerStartedSlot(shutdowns: site.terminations)

                        let byNode = Dictionary(grouping: record.slots, by: \.nodeID).mapValues(\.count)
                        #expect(Set(byNode.keys) == ["a", "b", "c"], "slots per node: \(byNode)")
                        print(
                            "three-node run: \(record.slots.count) slots from \(record.slots.first?.fireTime as Any) "
                                + "to \(record.slots.last?.fireTime as Any); per node \(byNode)")

                        // Every status event left the outbox for the broker before the nodes exited, and the
                        // broker delivered each execution's last status.
                        #expect(try await store.state.pendingEvents(limit: 10).isEmpty, "events still in the outbox")
                        let executions = Array(record.executions.values)
                        do {
                            try await eventually("every execution's final status event", within: 30, every: .milliseconds(100)) {
                                executions.allSatisfy { watcher.statuses(of: $0.id).contains($0.status) }
                            }
                        } catch {
                            let missing = executions.filter { !watcher.statuses(of: $0.id).contains($0.status) }.map(
                                \.id)
                            Issue.record("no final status event from the broker for executions \(missing)")
                        }
                        // Each node said it went offline on shutdown (retained on <prefix>/nodes/<node>).
                        let presence = try await watcher.presence(prefix: prefix, count: 3)
                        for node in ["a", "b", "c"] {
                            #expect(
                                presence[node]?["state"] as? String == "offline", "\(node): \(presence[node] ?? [:])")
                            #expect(
                                presence[node]?["reason"] as? String == "shutdown", "\(node): \(presence[node] ?? [:])")
                        }
                        let stopped = executions.filter { $0.status == .stopped }.map(\.id)
                        print("three-node run: executions STOPPED by the shutdown: \(stopped)")
                    }
                }
            }
        }
    }
}
