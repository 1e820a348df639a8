import BatchwireCore
import BatchwireStore
import BatchwireTestSupport
import Foundation
import MosquittoClient
import Testing

extension ServeProcessTests {
    /// Event triggers through `batchwire serve`, on the test MariaDB and Mosquitto.
    @Suite("event triggers through serve")
    struct TriggerServeTests {
        static func job(topicRoot: String) -> String {
            """
            name: line-report
            incrementer: none
            mqtt: { trigger: true }
            parameters: [{ name: batch, type: long, value: "0" }]
            steps: [{ name: s, noop: {} }]
            triggers:
              - mqtt:
                  topic: \(topicRoot)/+/batch-ready
                  parameters: { line: "${topic[\(topicRoot.split(separator: "/").count)]}", batch: "${payload.batchId}" }
            """
        }

        /// A client of the test broker's `batchwire` account that publishes the messages.
        static func publisher() async throws -> MQTTClient {
            let client = try MQTTClient(
                configuration: MQTTConfiguration(
                    host: try TestEnvironment.value("BATCHWIRE_TEST_MQTT_HOST"),
                    port: try TestEnvironment.int("BATCHWIRE_TEST_MQTT_PORT"),
                    clientID: "trigger-test-\(UUID().uuidString.prefix(8))",
                    username: try TestEnvironment.value("BATCHWIRE_TEST_MQTT_USER"),
                    password: try TestEnvironment.value("BATCHWIRE_TEST_MQTT_PASSWORD"),
                    connectTimeout: .seconds(20)))
            try await client.connect()
            return client
        }

        static func records(_ store: MetadataStore) async throws -> [BatchwireStateStore.TriggerFire] {
            try await store.state.triggerFires(triggerID: "line-report#trigger-1", limit: 5_000)
        }

        @Test("three nodes, 1,000 messages: exactly 1,000 runs; duplicates and bad messages start none")
        func threeNodesExactlyOnce() async throws {
            try await ServeSite.with(.mariadb) { site in
                let topicRoot = "triggers/t\(UUID().uuidString.prefix(8))"
                site.setEnvironment(try ServeTestEnvironment.brokerEnvironment())
                site.setEnvironment(["BATCHWIRE_MQTT_TOPIC_PREFIX": "batchwire/trigger-test-\(UUID().uuidString.prefix(8))"])
                try site.writeJob("line-report.yaml", Self.job(topicRoot: topicRoot))
                let nodes = try ["a", "b", "c"].map { try site.serve(node: $0) }
                for node in nodes { try await node.waitForError(containing: "MQTT triggers subscribed") }
                try await Task.sleep(for: .seconds(1))
                let publisher = try await Self.publisher()
                let count = 1_000
                for batch in 1...count {
                    try await publisher.publish(
                        topic: "\(topicRoot)/L\(batch % 7)/batch-ready", text: "{\"batchId\": \(batch)}")
                }
                // The first 50 again, byte for byte: the same messages, so no run.
                for batch in 1...50 {
                    try await publisher.publish(topic: "\(topicRoot)/L\(batch % 7)/batch-ready", text: "{\"batchId\": \(batch)}")
                }
                // The same payload under two BW_EVENT_IDs is two messages (the second names an instance that exists:
                // recorded failed); the same BW_EVENT_ID again is the same message.
                for eventID in ["e-1", "e-2", "e-2"] {
                    try await publisher.publish(
                        topic: "\(topicRoot)/L1/batch-ready", text: "{\"batchId\": 5000}",
                        properties: MQTTProperties(userProperties: [MQTTUserProperty("BW_EVENT_ID", eventID)]))
                }
                try await publisher.publish(topic: "\(topicRoot)/L1/batch-ready", text: "not json")
                try await publisher.publish(topic: "\(topicRoot)/L1/batch-ready", text: "{\"other\": 1}")
                try await publisher.publish(topic: "\(topicRoot)/L1/batch-ready", text: "{\"batchId\": \"x\"}")
                await publisher.disconnect()
                try await site.withStore { store in
                    try await eventually("1,005 trigger records", within: 240, every: .milliseconds(100)) {
                        try await Self.records(store).filter { $0.outcome != nil }.count >= count + 5
                    }
                    try await Task.sleep(for: .seconds(2))
                    let records = try await Self.records(store)
                    let started = records.filter { $0.outcome == "started" }
                    #expect(started.count == count + 1, "started: \(started.count)")
                    #expect(
                        Set(records.compactMap(\.outcome)) == ["started", "failed", "malformed", "missing-member", "refused"])
                    #expect(records.count == count + 5, "records: \(records.count)")
                    #expect(records.filter { $0.outcome == "failed" }.count == 1)
                    let instances = try await store.explorer.getJobInstances(jobName: "line-report", start: 0, count: 5_000)
                    #expect(instances.count == count + 1, "instances: \(instances.count)")
                    #expect(Set(started.compactMap(\.jobExecutionID)).count == count + 1)
                    let byNode = Dictionary(grouping: started, by: \.nodeID).mapValues(\.count)
                    print("three nodes, \(count) messages: runs per node \(byNode)")
                    #expect(byNode.count >= 2, "the shared subscriptions spread the messages: \(byNode)")
                    try await eventually("every run COMPLETED", within: 120, every: .milliseconds(100)) {
                        try await store.explorer.findRunningJobExecutionIDs(jobName: "line-report").isEmpty
                    }
                }
                for node in nodes { node.terminate() }
                for node in nodes {
                    let end = try await node.waitForEnd(within: 60)
                    #expect(end == .exited(0), "\(node.name) ended with \(end)\n\(node.errorTail())")
                }
            }
        }

        @Test("three nodes, debounce 4s: 300 messages of one window start one run, with every message marked")
        func debounceAcrossNodes() async throws {
            try await ServeSite.with(.mariadb) { site in
                let topicRoot = "triggers/t\(UUID().uuidString.prefix(8))"
                site.setEnvironment(try ServeTestEnvironment.brokerEnvironment())
                site.setEnvironment(["BATCHWIRE_MQTT_TOPIC_PREFIX": "batchwire/trigger-test-\(UUID().uuidString.prefix(8))"])
                try site.writeJob(
                    "line-report.yaml",
                    Self.job(topicRoot: topicRoot).replacingOccurrences(of: "incrementer: none", with: "incrementer: run-id")
                        + "\n      debounce: 4s\n")
                let nodes = try ["a", "b", "c"].map { try site.serve(node: $0) }
                for node in nodes { try await node.waitForError(containing: "MQTT triggers subscribed") }
                try await Task.sleep(for: .seconds(1))
                let publisher = try await Self.publisher()
                // Start just after a window opens, so the burst (well under a second) stays inside it.
                let windowStart = (Date().timeIntervalSince1970 / 4).rounded(.up) * 4
                try await Task.sleep(for: .seconds(windowStart + 0.3 - Date().timeIntervalSince1970))
                let results = await publisher.publish(
                    (1...300).map { MQTTPublication(topic: "\(topicRoot)/L\($0 % 3)/batch-ready", payload: Array("{\"batchId\": \($0)}".utf8)) })
                let published = Date().timeIntervalSince1970
                await publisher.disconnect()
                #expect(results.allSatisfy { if case .success = $0 { true } else { false } })
                #expect(published < windowStart + 4, "the burst left its window; the test's premise failed")
                try await site.withStore { store in
                    try await eventually("the window's run", within: 60, every: .milliseconds(100)) {
                        try await Self.records(store).contains { $0.outcome == "started" }
                    }
                    try await Task.sleep(for: .seconds(3))
                    let records = try await Self.records(store)
                    let started = records.filter { $0.outcome == "started" }
                    let debounced = records.filter { $0.outcome == "debounced" }
                    #expect(started.count == 1, "\(started)")
                    #expect(started.first?.messageKey == "window:\(Int64(windowStart + 4))")
                    #expect(debounced.count == 300)
                    #expect(Set(debounced.map(\.nodeID)).count >= 2, "the messages reached several nodes")
                    #expect(Set(debounced.compactMap(\.jobExecutionID)) == Set(started.compactMap(\.jobExecutionID)))
                    #expect(try await store.explorer.getJobInstances(jobName: "line-report", start: 0, count: 10).count == 1)
                }
                for node in nodes { node.terminate() }
                for node in nodes { _ = try await node.waitForEnd(within: 60) }
            }
        }

        @Test("messages that arrive while the database is down wait and run once it is back")
        func databaseOutageDelaysMessages() async throws {
            try await PrivateMariaDB.with { database in
                try await PrivateServeSite.with(database) { site in
                    let topicRoot = "triggers/t\(UUID().uuidString.prefix(8))"
                    site.setEnvironment(try ServeTestEnvironment.brokerEnvironment())
                    site.setEnvironment(["BATCHWIRE_MQTT_TOPIC_PREFIX": "batchwire/trigger-test-\(UUID().uuidString.prefix(8))"])
                    try site.writeJob("line-report.yaml", Self.job(topicRoot: topicRoot))
                    let node = try site.serve(node: "outage-\(UUID().uuidString.prefix(6))")
                    try await node.waitForError(containing: "MQTT triggers subscribed")
                    try await Task.sleep(for: .seconds(1))
                    let publisher = try await Self.publisher()
                    try await publisher.publish(topic: "\(topicRoot)/L1/batch-ready", text: "{\"batchId\": 1}")
                    try await site.withStore { store in
                        try await eventually("the first run", within: 60, every: .milliseconds(100)) {
                            try await Self.records(store).contains { $0.outcome == "started" }
                        }
                    }
                    try await database.stop()
                    for batch in 2...6 {
                        try await publisher.publish(topic: "\(topicRoot)/L1/batch-ready", text: "{\"batchId\": \(batch)}")
                    }
                    await publisher.disconnect()
                    try await Task.sleep(for: .seconds(8))
                    try await database.start()
                    try await site.withStore { store in
                        try await eventually("the five messages of the outage run", within: 120, every: .milliseconds(100)) {
                            try await Self.records(store).filter { $0.outcome == "started" }.count == 6
                        }
                        let instances = try await store.explorer.getJobInstances(jobName: "line-report", start: 0, count: 10)
                        #expect(instances.count == 6)
                    }
                    #expect(node.errorTail(200).contains("database unavailable; the trigger's message waits"), "\(node.errorTail())")
                    node.terminate()
                    #expect(try await node.waitForEnd(within: 60) == .exited(0), "\(node.errorTail())")
                }
            }
        }

        @Test("a message published while no node is connected is run when a node comes back (kept session, QoS 1)")
        func messageWaitsForTheNode() async throws {
            try await ServeSite.with(.mariadb) { site in
                let topicRoot = "triggers/t\(UUID().uuidString.prefix(8))"
                site.setEnvironment(try ServeTestEnvironment.brokerEnvironment())
                site.setEnvironment(["BATCHWIRE_MQTT_TOPIC_PREFIX": "batchwire/trigger-test-\(UUID().uuidString.prefix(8))"])
                try site.writeJob("line-report.yaml", Self.job(topicRoot: topicRoot))
                let node = "kept-\(UUID().uuidString.prefix(6))"
                let first = try site.serve(node: node)
                try await first.waitForError(containing: "MQTT triggers subscribed")
                try await Task.sleep(for: .seconds(1))
                first.terminate()
                #expect(try await first.waitForEnd(within: 60) == .exited(0), "\(first.errorTail())")
                let publisher = try await Self.publisher()
                for batch in 1...5 {
                    try await publisher.publish(topic: "\(topicRoot)/L1/batch-ready", text: "{\"batchId\": \(batch)}")
                }
                await publisher.disconnect()
                try await site.withStore { store in
                    try await Task.sleep(for: .seconds(1))
                    #expect(try await Self.records(store).isEmpty, "nothing runs while no node is connected")
                    let second = try site.serve(node: node)
                    try await eventually("the 5 waiting messages run", within: 60, every: .milliseconds(100)) {
                        try await Self.records(store).filter { $0.outcome == "started" }.count == 5
                    }
                    let batches = try await store.explorer.getJobInstances(jobName: "line-report", start: 0, count: 10)
                    #expect(batches.count == 5)
                    second.terminate()
                    #expect(try await second.waitForEnd(within: 60) == .exited(0), "\(second.errorTail())")
                }
            }
        }

        @Test("a dataset chain a → b → c runs in order once per upstream run, across a broker restart in the middle")
        func datasetChainAcrossBrokerRestart() async throws {
            let broker = PrivateBroker(persistent: true)
            try await broker.start()
            do {
                try await chain(broker)
            } catch {
                try? await broker.stop()
                throw error
            }
            try await broker.stop()
        }

        private func chain(_ broker: PrivateBroker) async throws {
            try await ServeSite.with(.mariadb) { site in
                let account = try broker.credentials()
                site.setEnvironment([
                    "BATCHWIRE_MQTT_URL": "mqtt://127.0.0.1:\(broker.port)", "BATCHWIRE_MQTT_USERNAME": account.user,
                    "BATCHWIRE_MQTT_PASSWORD": account.password,
                ])
                try site.writeJob(
                    "chain.yaml",
                    """
                    jobs:
                      - name: a
                        incrementer: run-id
                        steps: [{ name: s, noop: {} }]
                        lineage: { outputs: [{ namespace: lake, name: raw }] }
                      - name: b
                        steps: [{ name: s, noop: {} }]
                        lineage: { outputs: [{ namespace: lake, name: clean }] }
                        triggers: [{ dataset: { namespace: lake, name: raw, parameters: { from: "${upstream.execution.id}" } } }]
                      - name: c
                        steps: [{ name: s, noop: {} }]
                        triggers: [{ dataset: { namespace: lake, name: clean, parameters: { from: "${upstream.execution.id}" } } }]
                    """)
                let node = try site.serve(node: "a")
                try await node.waitForError(containing: "batchwire serve started")
                try await site.withStore { store in
                    // One chain with the broker up, then the broker stops, two more chains, and it starts again.
                    #expect(try await site.run(["start-next", "a"]).end == .exited(0))
                    try await eventually("the first run of c", within: 60, every: .milliseconds(100)) {
                        try await store.explorer.getJobInstances(jobName: "c", start: 0, count: 10).count == 1
                    }
                    try await broker.stop()
                    for _ in 1...2 {
                        let result = try await site.run(["start-next", "a"])
                        #expect(result.end == .exited(0), "\(result)")
                    }
                    try await eventually("three runs of c", within: 60, every: .milliseconds(100)) {
                        try await store.explorer.getJobInstances(jobName: "c", start: 0, count: 10).count == 3
                    }
                    try await Task.sleep(for: .seconds(2))
                    let a = try await store.explorer.getJobExecutions(jobName: "a", start: 0, count: 10)
                    let b = try await store.explorer.getJobExecutions(jobName: "b", start: 0, count: 10)
                    let c = try await store.explorer.getJobExecutions(jobName: "c", start: 0, count: 10)
                    #expect(b.count == 3 && c.count == 3, "b \(b.count), c \(c.count)")
                    #expect(Set(b.compactMap { $0.jobParameters["from"] }) == Set(a.map { JobParameter(.long($0.id)) }))
                    #expect(Set(c.compactMap { $0.jobParameters["from"] }) == Set(b.map { JobParameter(.long($0.id)) }))
                    for run in c {
                        guard case .long(let upstream)? = run.jobParameters["from"]?.value,
                            let parent = b.first(where: { $0.id == upstream })
                        else {
                            Issue.record("c run \(run.id) has no upstream b")
                            continue
                        }
                        let parentEnd = try #require(parent.endTime)
                        #expect(parent.id < run.id && parentEnd <= run.createTime)
                    }
                    #expect(try await store.state.pendingEvents(limit: 10).count > 0, "the events wait for the broker")
                    try await broker.start()
                    try await eventually("the outbox delivered after the broker came back", within: 120, every: .milliseconds(100)) {
                        try await store.state.pendingEvents(limit: 10).isEmpty
                    }

                    // The CLI lists the triggers with their last outcome, and pausing c pauses its trigger.
                    let listing = try await site.run(["triggers"])
                    #expect(listing.end == .exited(0), "\(listing)")
                    #expect(listing.output.contains("b#trigger-1") && listing.output.contains("dataset lake/raw"), "\(listing)")
                    #expect(listing.output.contains("started"), "\(listing)")
                    let json = try await site.run(["triggers", "--json"])
                    let decoded = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]]
                    #expect(decoded?.map { $0["triggerID"] as? String } == ["b#trigger-1", "c#trigger-1"], "\(json)")
                    let pause = try await site.run(["pause", "c", "--reason", "chain test"])
                    #expect(pause.output.contains("paused c#trigger-1"), "\(pause)")
                    #expect(try await site.run(["start-next", "a"]).end == .exited(0))
                    try await eventually("c's trigger records the completion as paused", within: 60, every: .milliseconds(100)) {
                        try await store.state.triggerFires(triggerID: "c#trigger-1").contains { $0.outcome == "paused" }
                    }
                    #expect(try await store.explorer.getJobInstances(jobName: "c", start: 0, count: 10).count == 3)
                    let paused = try await site.run(["triggers"])
                    #expect(paused.output.contains("paused (chain test)"), "\(paused)")
                }
                node.terminate()
                _ = try await node.waitForEnd(within: 60)
            }
        }
    }
}
