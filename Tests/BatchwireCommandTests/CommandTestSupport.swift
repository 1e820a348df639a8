import BatchwireCommands
import BatchwireCore
import BatchwireRuntime
import BatchwireStore
import BatchwireTestBasics
import Foundation
import Logging
import MosquittoClient
import Synchronization
import Testing

/// The databases the command tests run on.
typealias CommandBackend = TestDatabase

/// A test setup problem (the test job file does not load), with what was wrong.
struct SetupFailed: Error, CustomStringConvertible {
    let description: String
}

/// The job file the tests load from a temporary schedules folder.
let testJobFile = """
    jobs:
      - name: quick
        description: A tiny job that MQTT may start.
        incrementer: run-id
        mqtt:
          trigger: true
        parameters:
          - { name: region, type: string, value: eu-west, identifying: true }
          - { name: count, type: long, value: "1", identifying: false }
          - { name: day, type: local-date, value: "2026-01-01", identifying: true }
        steps:
          - name: nap
            command: ["/bin/sleep", "0.1"]
        schedules:
          - cron: "0 * * * *"
          - every: 90m
      - name: sleeper
        description: Runs until it is stopped.
        mqtt:
          trigger: true
        steps:
          - name: long-nap
            command: ["/bin/sleep", "60"]
      - name: locked
        description: MQTT may not start this one.
        steps:
          - name: nap
            command: ["/bin/sleep", "0.1"]
        schedules:
          - cron: "0 3 * * *"

    """

/// The private Mosquitto and MariaDB of `scripts/services.sh`, a store on a fresh schema, the job file
/// above, an operator, handlers and a requesting client that reads replies on `<prefix>/replies/#`.
final class CommandFixture: Sendable {
    static let logger = Logger(label: "batchwire.tests.commands") { _ in SwiftLogNoOpLogHandler() }

    let directory: URL
    let storeConfiguration: MetadataStoreConfiguration
    let store: MetadataStore
    let registry: JobRegistry
    let jobOperator: JobOperator
    /// A topic prefix of this fixture's own, so that tests running at once never see each other's commands.
    let prefix: String
    let requester: MQTTClient
    let inbox: ReplyInbox
    private let handlers = Mutex<[(client: MQTTClient, task: Task<Void, any Error>)]>([])
    private let dropsSchema: Bool
    private let ended = Mutex(0)

    var replyTopic: String { "\(prefix)/replies/requester" }

    private init(
        directory: URL,
        storeConfiguration: MetadataStoreConfiguration,
        store: MetadataStore,
        registry: JobRegistry,
        jobOperator: JobOperator,
        prefix: String,
        requester: MQTTClient,
        inbox: ReplyInbox,
        dropsSchema: Bool
    ) {
        self.directory = directory
        self.storeConfiguration = storeConfiguration
        self.store = store
        self.registry = registry
        self.jobOperator = jobOperator
        self.prefix = prefix
        self.requester = requester
        self.inbox = inbox
        self.dropsSchema = dropsSchema
    }

    static func make(_ backend: CommandBackend) async throws -> CommandFixture {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("batchwire-commands-\(UUID().uuidString)", isDirectory: true)
        let schedules = directory.appendingPathComponent("schedules", isDirectory: true)
        try FileManager.default.createDirectory(at: schedules, withIntermediateDirectories: true)
        try testJobFile.write(to: schedules.appendingPathComponent("jobs.yaml"), atomically: true, encoding: .utf8)
        let registry = JobRegistry()
        let loaded = JobFileLoader().load(directory: schedules.path)
        guard loaded.errors.isEmpty else {
            throw SetupFailed(description: "the test job file does not load: \(loaded.errors)")
        }
        registry.apply(loaded)

        let configuration = try backend.configuration(in: directory, prefixStem: "CT")
        let store = try await MetadataStore.open(configuration)
        try await store.initializeSchema()

        var launch = LaunchConfiguration(nodeID: "node-1", logDirectory: directory.appendingPathComponent("logs"))
        launch.commandSteps.terminationGracePeriod = .milliseconds(500)
        launch.stopPollInterval = .milliseconds(200)
        let launcher = JobLauncher(store: store, configuration: launch, logger: logger)
        let jobOperator = JobOperator(launcher: launcher, registry: registry)

        let prefix = "batchwire/ct\(UUID().uuidString.prefix(8).lowercased())"
        let requester = try MQTTClient(configuration: try brokerConfiguration(purpose: "requester"))
        try await requester.connect()
        let subscription = try await requester.subscribe("\(prefix)/replies/#")
        return CommandFixture(
            directory: directory,
            storeConfiguration: configuration,
            store: store,
            registry: registry,
            jobOperator: jobOperator,
            prefix: prefix,
            requester: requester,
            inbox: ReplyInbox(subscription),
            dropsSchema: backend == .mysql
        )
    }

    /// A configuration for the broker's `batchwire` account (or `viewer`), with a unique client id.
    static func brokerConfiguration(purpose: String, viewer: Bool = false) throws -> MQTTConfiguration {
        let port = try TestEnvironment.int("BATCHWIRE_TEST_MQTT_PORT")
        return MQTTConfiguration(
            host: try TestEnvironment.value("BATCHWIRE_TEST_MQTT_HOST"),
            port: port,
            clientID: "test-commands-\(purpose)-\(UUID().uuidString.prefix(8))",
            username: try TestEnvironment.value(viewer ? "BATCHWIRE_TEST_MQTT_VIEWER_USER" : "BATCHWIRE_TEST_MQTT_USER"),
            password: try TestEnvironment.value(viewer ? "BATCHWIRE_TEST_MQTT_VIEWER_PASSWORD" : "BATCHWIRE_TEST_MQTT_PASSWORD"),
            keepAliveSeconds: 10,
            reconnectDelayMinimumSeconds: 1,
            reconnectDelayMaximumSeconds: 2,
            connectTimeout: .seconds(60)
        )
    }

    /// The handler configuration of node `node` under this fixture's prefix.
    func handlerConfiguration(node: String = "node-1", now: @escaping @Sendable () -> Date = { Date() })
        -> MQTTCommandConfiguration
    {
        MQTTCommandConfiguration(topicPrefix: prefix, nodeID: node, now: now)
    }

    /// Starts a handler on a client of its own and waits until it answers a `list`.
    @discardableResult
    func startHandler(
        _ configuration: MQTTCommandConfiguration? = nil,
        jobOperator: JobOperator? = nil,
        onSchedulesChanged: @escaping @Sendable () async -> Void = {}
    ) async throws -> MQTTCommandHandler {
        let configuration = configuration ?? handlerConfiguration()
        let client = try MQTTClient(configuration: try Self.brokerConfiguration(purpose: configuration.nodeID))
        try await client.connect()
        let handler = MQTTCommandHandler(
            client: client,
            jobOperator: jobOperator ?? self.jobOperator,
            configuration: configuration,
            logger: Self.logger,
            onSchedulesChanged: onSchedulesChanged
        )
        let task = Task { [self] in
            defer { self.ended.withLock { $0 += 1 } }
            try await handler.run()
        }
        handlers.withLock { $0.append((client, task)) }
        try await waitUntilAnswering(node: configuration.nodeID)
        return handler
    }

    /// Sends `list` until a reply from `node` arrives: its subscription is then in place.
    func waitUntilAnswering(node: String) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        var attempt = 0
        while ContinuousClock.now < deadline {
            attempt += 1
            let correlation = "ready-\(node)-\(attempt)-\(UUID().uuidString.prefix(6))"
            try await send("list", "{}", correlation: correlation)
            if let reply = try? await inbox.reply(correlation, within: 1),
                reply.node == node
            {
                return
            }
        }
        throw TimedOut(what: "the handler of \(node) to answer")
    }

    /// Publishes a command to `<prefix>/commands/<verb>` with the Response Topic and Correlation Data set.
    func send(
        _ verb: String,
        _ payload: String,
        correlation: String? = nil,
        key: String? = nil,
        expiry: UInt32? = nil,
        retain: Bool = false,
        replyTopic: String? = nil
    ) async throws {
        try await sendBytes(
            verb,
            Array(payload.utf8),
            correlation: correlation,
            key: key,
            expiry: expiry,
            retain: retain,
            replyTopic: replyTopic
        )
    }

    func sendBytes(
        _ verb: String,
        _ payload: [UInt8],
        correlation: String? = nil,
        key: String? = nil,
        expiry: UInt32? = nil,
        retain: Bool = false,
        replyTopic: String? = nil
    ) async throws {
        var properties = MQTTProperties(messageExpiryInterval: expiry)
        if let correlation {
            properties.responseTopic = replyTopic ?? self.replyTopic
            properties.correlationData = Array(correlation.utf8)
        }
        if let key { properties.userProperties = [MQTTUserProperty("BW_COMMAND_KEY", key)] }
        try await requester.publish(
            topic: "\(prefix)/commands/\(verb)",
            payload: payload,
            qos: .atLeastOnce,
            retain: retain,
            properties: properties
        )
    }

    /// Sends a command and waits for its reply.
    func request(_ verb: String, _ payload: String, key: String? = nil, within seconds: Double = 30)
        async throws -> Reply
    {
        let correlation = "\(verb)-\(UUID().uuidString)"
        try await send(verb, payload, correlation: correlation, key: key)
        return try await inbox.reply(correlation, within: seconds)
    }

    /// How many job executions the store holds, over every job.
    func executionCount() async throws -> Int {
        var count = 0
        for name in try await store.explorer.getJobNames() {
            count += try await store.explorer.getJobExecutionCount(jobName: name)
        }
        return count
    }

    /// Cancels the handlers, disconnects every client, drops the MariaDB tables, removes the folder.
    func cleanUp() async {
        let running = handlers.withLock { $0 }
        for handler in running { handler.task.cancel() }
        for handler in running {
            _ = await handler.task.result
            await handler.client.disconnect()
        }
        await jobOperator.launcher.stopAll()
        await inbox.stop()
        await requester.disconnect()
        if dropsSchema { try? await store.dropSchema() }
        await store.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// How many handlers returned or threw from `run()` (none should, until cancelled).
    var endedHandlers: Int { ended.withLock { $0 } }
}

/// Runs `body` on a fresh fixture and always cleans it up.
func withCommandFixture(_ backend: CommandBackend, _ body: (CommandFixture) async throws -> Void) async throws {
    let fixture = try await CommandFixture.make(backend)
    do {
        try await body(fixture)
    } catch {
        await fixture.cleanUp()
        throw error
    }
    await fixture.cleanUp()
}

/// A reply as received: its payload parsed, its properties.
struct Reply: Sendable {
    let message: MQTTMessage

    /// The payload as a JSON object (empty if it is not one).
    var json: [String: JSONValue] {
        (try? JSONDecoder().decode(JSONValue.self, from: Data(message.payload)))?.objectValue ?? [:]
    }

    var ok: Bool { json["ok"] == .bool(true) }
    var error: [String: JSONValue]? { json["error"]?.objectValue }
    var errorCode: String? { error?["code"]?.stringValue }
    var errorMessage: String? { error?["message"]?.stringValue }
    var node: String? { json["node"]?.stringValue }
    var status: String? { json["status"]?.stringValue }
    var executionId: Int64? {
        if case .integer(let id) = json["executionId"] { return id }
        return nil
    }
    var correlation: String? { message.properties.correlationData.map { String(decoding: $0, as: UTF8.self) } }
    var isDuplicate: Bool { message.properties.userProperty("BW_DUPLICATE") == "true" }
    var text: String { message.payloadString }
}

/// Reads the reply subscription in the background; hands replies out by correlation data.
actor ReplyInbox {
    private var replies: [Reply] = []
    private var reader: Task<Void, Never>?

    init(_ subscription: MQTTSubscription) {
        Task { await self.start(subscription) }
    }

    private func start(_ subscription: MQTTSubscription) {
        reader = Task { [weak self] in
            do {
                for try await message in subscription { await self?.append(Reply(message: message)) }
            } catch {}
        }
    }

    private func append(_ reply: Reply) { replies.append(reply) }

    /// The first reply with this correlation data, waiting up to `seconds`.
    func reply(_ correlation: String, within seconds: Double = 30) async throws -> Reply {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if let reply = replies.first(where: { $0.correlation == correlation }) { return reply }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw TimedOut(what: "the reply with correlation \(correlation)")
    }

    /// Every reply whose correlation data starts with `prefix`, once `count` of them arrived (or `seconds` passed).
    func replies(correlationPrefix prefix: String, count: Int, within seconds: Double) async throws -> [Reply] {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            let matching = replies.filter { $0.correlation?.hasPrefix(prefix) == true }
            if matching.count >= count { return matching }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TimedOut(
            what: "\(count) replies with correlation prefix \(prefix) (got "
                + "\(replies.filter { $0.correlation?.hasPrefix(prefix) == true }.count))"
        )
    }

    /// Every reply received so far on `topic`.
    func all(on topic: String? = nil) -> [Reply] {
        replies.filter { topic == nil || $0.message.topic == topic }
    }

    func stop() { reader?.cancel() }
}

/// A clock that moves `step` forward each time it is read: a command read at one instant is looked at
/// a step later, so its MQTT message expiry can pass without the test waiting.
final class SteppingClock: Sendable {
    private let current: Mutex<Date>
    private let step: TimeInterval

    init(step: TimeInterval, start: Date = Date()) {
        current = Mutex(start)
        self.step = step
    }

    func now() -> Date {
        current.withLock { date in
            date += step
            return date
        }
    }
}

/// A counter closures can share.
final class Counter: Sendable {
    private let count = Mutex(0)

    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
