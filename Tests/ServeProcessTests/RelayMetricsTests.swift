import BatchwireCore
import BatchwireStore
import BatchwireTestSupport
import Foundation
import Testing

extension ServeProcessTests {
    @Suite("relay metrics on /metrics while serve publishes")
    struct RelayMetricsTests {
        static let job = """
            name: beat
            incrementer: fire-time
            steps:
              - name: touch
                command: ["/bin/true"]
            schedules:
              - every: 1s
                overlap: allow
            """

        /// The value of the sample `name` (no labels) in a Prometheus text exposition, if present.
        static func sample(_ name: String, in exposition: String) -> Double? {
            for line in exposition.split(separator: "\n") where line.hasPrefix(name + " ") {
                return Double(line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces))
            }
            return nil
        }

        @Test("published events and publications count up, the node holds the relay lease, nothing stays pending")
        func relayCountersReachMetrics() async throws {
            try await ServeSite.with(.sqlite) { site in
                site.setEnvironment(try ServeTestEnvironment.brokerEnvironment())
                site.setEnvironment(["BATCHWIRE_MQTT_TOPIC_PREFIX": "batchwire/metrics-test-\(UUID().uuidString.prefix(8))"])
                try site.writeJob("beat.yaml", Self.job)
                let node = try site.serve(node: "solo", arguments: ["--http-port", "0"])
                let port = try await PauseResumeTests.httpPort(of: node)
                try await site.withStore { store in
                    // Three runs: each writes created, STARTING, STARTED, step events and COMPLETED.
                    try await eventually("beat to run three times", within: 90, every: .milliseconds(100)) {
                        try await store.state.firedSlots(scheduleID: "beat#1", limit: 10)
                            .filter { $0.outcome == "started" }.count >= 3
                    }
                    var exposition = ""
                    try await eventually("the relay to publish what the runs wrote", within: 60, every: .milliseconds(100)) {
                        exposition = try await LoopbackHTTPClient.get("/metrics", port: port).text
                        let published = Self.sample("batchwire_relay_events_published_total", in: exposition) ?? 0
                        return published >= 12
                    }
                    let published = try #require(Self.sample("batchwire_relay_events_published_total", in: exposition))
                    let publications = try #require(Self.sample("batchwire_relay_publications_total", in: exposition))
                    // Every job status change is also published as the retained status (and STARTED and COMPLETED
                    // as OpenLineage RunEvents), so there are more publications than events.
                    #expect(publications > published, "\(exposition)")
                    #expect(Self.sample("batchwire_relay_lease_held", in: exposition) == 1, "\(exposition)")
                    #expect(Self.sample("batchwire_relay_dead_lettered_total", in: exposition) ?? 0 == 0)
                    #expect(Self.sample("batchwire_relay_pending_events", in: exposition) != nil, "\(exposition)")
                }
                node.terminate()
                let end = try await node.waitForEnd(within: 90)
                #expect(end == .exited(0), "\(node.errorTail())")
            }
        }
    }
}
