import BatchwireCore
import BatchwireRuntime
import BatchwireStore
import BatchwireTestBasics
import Foundation
import MosquittoClient
import Testing

/// How commands reach the handler: retained, expired, shared between nodes, answered by `replyTo`, not
/// answered at all, refused by the broker, or arriving while the database is down.
@Suite("Command delivery", .needs(.mqtt))
struct CommandDeliveryTests {
    @Test(arguments: CommandBackend.allCases)
    func aRetainedCommandIsNeverExecuted(_ backend: CommandBackend) async throws {
        try await withCommandFixture(backend) { fixture in
            try await fixture.startHandler()
            try await fixture.send(
                "start",
                #"{"job":"quick","parameters":{"region":"retained"}}"#,
                correlation: "retained",
                retain: true
            )
            let reply = try await fixture.inbox.reply("retained")
            #expect(reply.errorCode == "RETAINED", "\(reply.text)")

            // A node that subscribes later does not get it either.
            try await fixture.startHandler(fixture.handlerConfiguration(node: "late-node"))
            let barrier = try await fixture.request("list", "{}")
            #expect(barrier.ok)
            #expect(try await fixture.executionCount() == 0)

            // Clear the retained message (an empty retained publish), which is not executed either.
            try await fixture.requester.publish(
                topic: "\(fixture.prefix)/commands/start",
                payload: [],
                qos: .atLeastOnce,
                retain: true
            )
            #expect(try await fixture.request("list", "{}").ok)
            #expect(try await fixture.executionCount() == 0)
        }
    }

    @Test(arguments: CommandBackend.allCases)
    func anExpiredCommandIsNotExecuted(_ backend: CommandBackend) async throws {
        try await withCommandFixture(backend) { fixture in
            try await fixture.startHandler()
            let past = #"{"job":"quick","parameters":{"region":"late"},"expiresAt":"2020-01-01T00:00:00Z"}"#
            let expired = try await fixture.request("start", past)
            #expect(expired.errorCode == "EXPIRED", "\(expired.text)")
            #expect(try await fixture.executionCount() == 0)

            let future = #"{"job":"quick","parameters":{"region":"on-time"},"expiresAt":"2200-01-01T00:00:00Z"}"#
            let onTime = try await fixture.request("start", future)
            #expect(onTime.ok, "\(onTime.text)")
            #expect(try await fixture.executionCount() == 1)
            if let id = onTime.executionId { _ = await fixture.jobOperator.launcher.waitForExecution(id) }
        }
    }

    @Test func aCommandPastItsMQTTMessageExpiryIsNotExecuted() async throws {
        try await withCommandFixture(.sqlite) { fixture in
            // Each reading of this clock is ten minutes after the previous one: a command read at one
            // reading and looked at the next has waited ten minutes.
            let clock = SteppingClock(step: 600)
            try await fixture.startHandler(fixture.handlerConfiguration(now: { clock.now() }))
            try await fixture.send(
                "start",
                #"{"job":"quick","parameters":{"region":"stale"}}"#,
                correlation: "short",
                expiry: 60
            )
            let stale = try await fixture.inbox.reply("short")
            #expect(stale.errorCode == "EXPIRED", "\(stale.text)")
            #expect(try await fixture.executionCount() == 0)

            try await fixture.send(
                "start",
                #"{"job":"quick","parameters":{"region":"fresh"}}"#,
                correlation: "long",
                expiry: 3_600
            )
            let fresh = try await fixture.inbox.reply("long")
            #expect(fresh.ok, "\(fresh.text)")
            #expect(try await fixture.executionCount() == 1)
            if let id = fresh.executionId { _ = await fixture.jobOperator.launcher.waitForExecution(id) }
        }
    }

    @Test(arguments: CommandBackend.allCases)
    func twoNodesOnOneSharedSubscriptionHandleEachCommandOnce(_ backend: CommandBackend) async throws {
        try await withCommandFixture(backend) { fixture in
            // The second node has its own launcher and operator on its own handle of the database.
            let secondStore = try await MetadataStore.open(fixture.storeConfiguration)
            var launch = LaunchConfiguration(
                nodeID: "node-b",
                logDirectory: fixture.directory.appendingPathComponent("logs-b")
            )
            launch.commandSteps.terminationGracePeriod = .milliseconds(500)
            let secondOperator = JobOperator(
                launcher: JobLauncher(store: secondStore, configuration: launch, logger: CommandFixture.logger),
                registry: fixture.registry
            )
            do {
                try await fixture.startHandler(fixture.handlerConfiguration(node: "node-a"))
                try await fixture.startHandler(
                    fixture.handlerConfiguration(node: "node-b"),
                    jobOperator: secondOperator
                )

                let count = 40
                for index in 0..<count {
                    try await fixture.send(
                        "start",
                        #"{"job":"quick","parameters":{"region":"r\#(index)"}}"#,
                        correlation: "shared-\(index)"
                    )
                }
                // The same keyed command five times: one run, whichever node gets each copy.
                for copy in 0..<5 {
                    try await fixture.send(
                        "start",
                        #"{"job":"quick","parameters":{"region":"keyed"}}"#,
                        correlation: "keyed-\(copy)",
                        key: "shared-key"
                    )
                }
                let replies = try await fixture.inbox.replies(correlationPrefix: "shared-", count: count, within: 120)
                let keyed = try await fixture.inbox.replies(correlationPrefix: "keyed-", count: 5, within: 60)
                #expect(Set(replies.compactMap(\.correlation)).count == count)
                let refused = replies.filter { !$0.ok }.map(\.text)
                #expect(refused.isEmpty, "\(refused)")
                let nodes = Set(replies.compactMap(\.node))
                #expect(nodes == ["node-a", "node-b"], "the broker should spread the commands over both nodes")

                let keyedRuns = Set(keyed.compactMap(\.executionId))
                #expect(keyedRuns.count == 1, "\(keyed.map(\.text))")
                let unexpected = keyed.filter { !$0.ok && $0.errorCode != "COMMAND_IN_PROGRESS" }.map(\.text)
                #expect(unexpected.isEmpty, "\(unexpected)")

                // No command is handled twice: no second reply arrives, no extra run exists.
                let all = try await fixture.inbox.replies(correlationPrefix: "shared-", count: count, within: 1)
                #expect(all.count == count)
                try await eventually("every run to be recorded", within: 30) { try await fixture.executionCount() == count + 1 }
                for reply in replies + keyed {
                    guard let id = reply.executionId else { continue }
                    let launcher = reply.node == "node-b" ? secondOperator.launcher : fixture.jobOperator.launcher
                    _ = await launcher.waitForExecution(id)
                }
            } catch {
                await secondStore.close()
                throw error
            }
            await secondOperator.launcher.stopAll()
            await secondStore.close()
        }
    }

    @Test func replyToAndCorrelationIdServeClientsWithoutMQTT5() async throws {
        try await withCommandFixture(.sqlite) { fixture in
            try await fixture.startHandler()
            let topic = "\(fixture.prefix)/replies/v311-client"
            try await fixture.send(
                "start",
                #"{"job":"quick","replyTo":"\#(topic)","correlationId":"abc-1","parameters":{"region":"v3"}}"#
            )
            try await eventually("the reply on \(topic)", within: 30) { await !fixture.inbox.all(on: topic).isEmpty }
            let reply = try #require(await fixture.inbox.all(on: topic).first)
            #expect(reply.ok, "\(reply.text)")
            #expect(reply.json["correlationId"] == "abc-1")
            #expect(reply.message.properties.correlationData == nil)
            if let id = reply.executionId { _ = await fixture.jobOperator.launcher.waitForExecution(id) }
        }
    }

    @Test func aCommandWithoutReplyAddressStillRunsAndBadReplyTopicsAreRefused() async throws {
        try await withCommandFixture(.sqlite) { fixture in
            try await fixture.startHandler()
            try await fixture.send("start", #"{"job":"quick","parameters":{"region":"silent"}}"#)
            // A reply topic under the command topics would loop back as a command: refused, not executed.
            try await fixture.send(
                "start",
                #"{"job":"quick","parameters":{"region":"loop"}}"#,
                correlation: "loop",
                replyTopic: "\(fixture.prefix)/commands/start"
            )
            let barrier = try await fixture.request("list", "{}")
            #expect(barrier.ok)
            #expect(try await fixture.executionCount() == 1)
            let names = try await fixture.store.explorer.getJobExecutions(jobName: "quick", start: 0, count: 10)
            #expect(names.map { $0.jobParameters["region"] } == [JobParameter(.string("silent"))])
            #expect(await fixture.inbox.all(on: "\(fixture.prefix)/commands/start").isEmpty)
            for execution in names { _ = await fixture.jobOperator.launcher.waitForExecution(execution.id) }
        }
    }

    @Test func theViewerMayNotPublishCommands() async throws {
        try await withCommandFixture(.sqlite) { fixture in
            try await fixture.startHandler()
            let viewer = try MQTTClient(
                configuration: try CommandFixture.brokerConfiguration(purpose: "viewer", viewer: true)
            )
            try await viewer.connect()
            await #expect(throws: MQTTError.self) {
                try await viewer.publish(
                    topic: "\(fixture.prefix)/commands/start",
                    payload: Array(#"{"job":"quick"}"#.utf8),
                    qos: .atLeastOnce
                )
            }
            await viewer.disconnect()
            #expect(try await fixture.request("list", "{}").ok)
            #expect(try await fixture.executionCount() == 0)
        }
    }

    @Test(arguments: CommandBackend.allCases)
    func anUnavailableDatabaseGetsRetryLaterAndTheHandlerGoesOn(_ backend: CommandBackend) async throws {
        try await withCommandFixture(backend) { fixture in
            // SQLite: a store whose connections are closed. MariaDB: a server that is not there (port 1).
            let broken: MetadataStore
            switch backend {
            case .sqlite:
                broken = try await MetadataStore.open(fixture.storeConfiguration)
                await broken.close()
            case .mysql:
                let url =
                    "mysql://\(try TestEnvironment.value("BATCHWIRE_TEST_MYSQL_USER")):"
                    + "\(try TestEnvironment.value("BATCHWIRE_TEST_MYSQL_PASSWORD"))@127.0.0.1:1/"
                    + (try TestEnvironment.value("BATCHWIRE_TEST_MYSQL_DATABASE"))
                broken = try await MetadataStore.open(
                    MetadataStoreConfiguration(location: try DatabaseLocation(url: url))
                )
            }
            var launch = LaunchConfiguration(
                nodeID: "node-broken",
                logDirectory: fixture.directory.appendingPathComponent("logs-broken")
            )
            launch.commandSteps.terminationGracePeriod = .milliseconds(500)
            let brokenOperator = JobOperator(
                launcher: JobLauncher(store: broken, configuration: launch, logger: CommandFixture.logger),
                registry: fixture.registry
            )
            let configuration = fixture.handlerConfiguration(node: "node-broken")
            try await fixture.startHandler(configuration, jobOperator: brokenOperator)

            for (verb, payload, key) in [
                ("start", #"{"job":"quick"}"#, "k-start"), ("start", #"{"job":"quick"}"#, nil),
                ("stop", #"{"executionId":1}"#, nil), ("pause", #"{"job":"quick"}"#, "k-pause"),
            ] {
                let reply = try await fixture.request(verb, payload, key: key)
                #expect(reply.errorCode == "STORE_UNAVAILABLE", "\(verb): \(reply.text)")
                #expect(reply.errorMessage?.contains("later") == true, "\(reply.text)")
            }
            #expect(fixture.endedHandlers == 0)
            // The handler still checks what needs no database.
            #expect(try await fixture.request("start", #"{"job":"locked"}"#).errorCode == "NOT_PERMITTED")
            #expect(try await fixture.executionCount() == 0)
            if backend == .mysql { await broken.close() }
        }
    }
}
