import BatchwireCore
import BatchwireMQTT
import BatchwireRuntime
import BatchwireStore
import Foundation
import MosquittoClient
import Testing

/// Real runs through the launcher and the relay, against the shared Mosquitto and both stores.
@Suite("Events of real runs", .needs(.mqtt))
struct RunEventTests {
    static func jobFile(_ name: String) -> String {
        """
        name: \(name)
        restartable: true
        incrementer: run-id
        lineage:
          inputs:
            - namespace: mysql://orders-db:3306
              name: shop.orders
          outputs:
            - namespace: s3://analytics-lake
              name: orders/daily
        steps:
          - name: extract
            command: ["/bin/sh", "-c", "exit 0"]
          - name: publish
            command: ["/bin/echo", "published"]
        """
    }

    static let expectedLabels = [
        "created", "STARTING", "STARTED", "extract STARTING", "extract STARTED", "extract COMPLETED",
        "publish STARTING", "publish STARTED", "publish COMPLETED", "COMPLETED",
    ]

    @Test(
        "a subscriber sees the exact event sequence of a run, with the job file's lineage, each payload valid; a late subscriber gets the retained COMPLETED status",
        .timeLimit(.minutes(2)), arguments: StoreBackend.allCases)
    func runEventSequence(backend: StoreBackend) async throws {
        try await withTemporaryStore(backend) { temporary in
            let harness = try RunHarness.make(temporary)
            defer { harness.cleanUp() }
            let job = "run-events-\(UUID().uuidString.prefix(8).lowercased())"
            try harness.register(yaml: Self.jobFile(job))
            let topics = harness.topics
            let subscriber = try await RelayTestBroker.connect(try RelayTestBroker.configuration(purpose: "run-sub"))
            let events = MessageInbox(try await subscriber.subscribe(topics.events(job: job)))
            let lineage = MessageInbox(try await subscriber.subscribe(topics.lineage(job: job)))
            let client = try await RelayTestBroker.connect(try RelayTestBroker.configuration(purpose: "run-relay"))
            let relay = OutboxRelay(
                store: temporary.state, client: client, configuration: try fastRelayConfiguration(),
                logger: relayTestLogger)
            let relaying = Task { await relay.run() }

            let execution = try await harness.jobOperator.start(jobName: job, parameters: ["n=1"])
            let ended = try await finished(harness.jobOperator, execution.id, within: 30)
            #expect(ended.status == .completed)

            let messages = try await events.take(Self.expectedLabels.count, within: 20, "the run's events")
            let received = try messages.map { try decode($0.payload) }
            #expect(received.map(label) == Self.expectedLabels)
            #expect(received.map(\.sequence) == Array(1...Int64(Self.expectedLabels.count)))
            #expect(received.allSatisfy { $0.jobExecutionId == execution.id && $0.jobName == job })
            #expect(Set(received.map(\.eventId)).count == received.count)
            guard case .jobCreated(let created) = received.first else {
                Issue.record("the first event is not job-created: \(received.first.map(label) ?? "none")")
                return
            }
            #expect(
                created.lineage.inputs.map { "\($0.namespace) \($0.name)" } == ["mysql://orders-db:3306 shop.orders"])
            #expect(
                created.lineage.outputs.map { "\($0.namespace) \($0.name)" } == ["s3://analytics-lake orders/daily"])
            #expect(created.parameters["n"]?.value == .string("1"))
            #expect(created.jobInstanceId == execution.jobInstance.id)
            try await SchemaValidator.validate(messages.map(\.payload), against: SchemaValidator.eventsSchema)

            // What was published is exactly what the outbox holds, payload sequence = row number.
            try await eventually("every row marked delivered", within: 10, every: .milliseconds(20)) { try await temporary.state.pendingEvents().isEmpty }
            let rows = try await harness.rows(of: execution.id)
            #expect(rows.map(\.sequenceNumber) == Array(1...Int64(Self.expectedLabels.count)))
            #expect(rows.map(\.event.payload) == messages.map { String(decoding: $0.payload, as: UTF8.self) })
            #expect(rows.allSatisfy { $0.deliveredAt != nil })

            // OpenLineage: START then COMPLETE, with the job file's datasets, valid against the spec.
            let runEvents = try await lineage.take(2, within: 10, "the lineage events")
            var types: [String] = []
            for message in runEvents {
                let object = try #require(
                    try JSONSerialization.jsonObject(with: Data(message.payload)) as? [String: Any])
                types.append(try #require(object["eventType"] as? String))
                let inputs = try #require(object["inputs"] as? [[String: Any]])
                #expect(inputs.compactMap { $0["name"] as? String } == ["shop.orders"])
                let outputs = try #require(object["outputs"] as? [[String: Any]])
                #expect(outputs.compactMap { $0["namespace"] as? String } == ["s3://analytics-lake"])
            }
            #expect(types == ["START", "COMPLETE"])
            try await SchemaValidator.validate(
                runEvents.map(\.payload), against: try SchemaValidator.openLineageSchema())

            // A late subscriber gets the job's latest status at once.
            let late = try await RelayTestBroker.connect(try RelayTestBroker.configuration(purpose: "run-late"))
            let status = MessageInbox(try await late.subscribe(topics.status(job: job)))
            let retained = try await status.take(1, within: 5, "the retained status")
            #expect(retained[0].retain)
            #expect(retained[0].payload == messages.last?.payload)
            try await client.publish(topic: topics.status(job: job), payload: [UInt8](), retain: true)

            relaying.cancel()
            await relaying.value
            for inbox in [events, lineage, status] { await inbox.stop() }
            for connection in [late, subscriber, client] { await connection.disconnect() }
        }
    }

    @Test(
        "a launch whose events cannot be written leaves no execution behind (one transaction)",
        .timeLimit(.minutes(1)), arguments: StoreBackend.allCases)
    func launchIsAtomic(backend: StoreBackend) async throws {
        try await withTemporaryStore(backend) { temporary in
            let harness = try RunHarness.make(temporary)
            defer { harness.cleanUp() }
            let job = "run-atomic-\(UUID().uuidString.prefix(8).lowercased())"
            try harness.register(yaml: Self.jobFile(job))
            // The outbox is gone, as if the process died between the execution's insert and the events'.
            try await temporary.execute("DROP TABLE \(temporary.store.schema.names.eventOutbox)")

            let failed = await #expect(throws: JobOperatorError.self) {
                _ = try await harness.jobOperator.start(jobName: job, parameters: ["n=1"])
            }
            #expect(failed?.code == .store)
            #expect(try await temporary.store.explorer.getJobInstances(jobName: job, start: 0, count: 10).isEmpty)
            #expect(harness.jobOperator.launcher.runningExecutionIDs.isEmpty)

            try await temporary.store.initializeSchema()
            let execution = try await harness.jobOperator.start(jobName: job, parameters: ["n=1"])
            #expect(try await finished(harness.jobOperator, execution.id, within: 30).status == .completed)
            #expect(try await harness.rows(of: execution.id).map(\.sequenceNumber) == Array(1...10))
        }
    }
}
