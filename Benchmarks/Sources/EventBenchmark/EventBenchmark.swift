import BatchwireCore
import BatchwireMQTT
import BatchwireStore
import BenchmarkSupport
import Foundation
import Logging
import MosquittoClient

/// The event benchmark: status change → subscriber latency, and events per second through the outbox.
///
/// Every status change is written the way the launcher writes it: `JobRepository.update` with the
/// `job-status-changed` event built inside the transaction, then `OutboxRelay.notify()` (what the daemon's
/// MQTT listener does on each event); the relay publishes with QoS 1 (events topic, retained status and,
/// for STARTED and COMPLETED, the OpenLineage RunEvent) and marks the row delivered on PUBACK.
struct EventBenchmark {
    let backend: BenchmarkBackend
    let topics = try! MQTTTopics()
    let zone = TimeZone.current
    let logger = Logger(label: "batchwire.event-benchmark") { _ in SwiftLogNoOpLogHandler() }

    /// Which measurements to run (`all` by default) and how big, from `BATCHWIRE_BENCH_*` variables.
    var parts: Set<String> = ["latency", "commits", "appends", "sustained", "relay"]
    var scale: Double = 1

    func run() async throws {
        if parts.contains("writers") {
            // No database or broker: the cost of writing payloads alone.
            let lines = try WriterBenchmark(count: sized(100_000)).run()
            print("summary (writers):")
            for line in lines { print(line) }
            if parts == ["writers"] { return }
        }
        print("EventBenchmark: \(backend.rawValue) store, Mosquitto at \(BenchmarkEnvironment.brokerAddress)")
        let (store, cleanUp) = try await BenchmarkServices.openStore(backend)
        do {
            var summary: [String] = []
            if parts.contains("latency") {
                let latency = try await measureLatency(store, executions: sized(1_000), warmup: 50)
                let p99 = latency.milliseconds(atPercentile: 99)
                summary.append(
                    "  status change -> subscriber: p50 \(format(latency.milliseconds(atPercentile: 50))) ms, p99 \(format(p99)) ms "
                        + "(target p99 < 10 ms: \(p99 < 10 ? "met" : "MISSED"))")
            }
            if parts.contains("commits") {
                let rate = try await measureStatusChanges(
                    store, writers: 64, perWriter: sized(backend == .sqlite ? 60 : 120))
                summary.append(
                    "  status changes, one event per transaction, writers + relay: \(grouped(rate)) events/s "
                        + "(bounded by the database's commit rate, see above)")
            }
            let appenders = ProcessInfo.processInfo.environment["BATCHWIRE_BENCH_APPENDERS"].flatMap(Int.init) ?? 8
            if parts.contains("appends") {
                let rate = try await measureAppends(
                    store, appenders: appenders,
                    runsPerAppender: sized((backend == .sqlite ? 8_000 : 4_000) / appenders))
                summary.append(
                    "  appends alone, no relay (the ceiling of the sustained rate): \(grouped(rate)) events/s")
            }
            if parts.contains("sustained") {
                let rate = try await measureSustained(
                    store, appenders: appenders,
                    runsPerAppender: sized((backend == .sqlite ? 8_000 : 4_000) / appenders))
                summary.append(
                    "  sustained through the outbox (append -> relay -> PUBACK -> marked delivered): "
                        + "\(grouped(rate)) events/s "
                        + "(target >= 10,000: \(rate >= 10_000 ? "met" : "MISSED"))")
            }
            if parts.contains("relay") {
                let rate = try await measureDrain(store, runs: sized(backend == .sqlite ? 5_000 : 3_000))
                summary.append(
                    "  relay alone, outbox pre-filled: \(grouped(rate)) events/s "
                        + "(target >= 10,000: \(rate >= 10_000 ? "met" : "MISSED"))")
            }
            print("")
            print("summary (\(backend.rawValue)):")
            for line in summary { print(line) }
        } catch {
            await cleanUp()
            throw error
        }
        await cleanUp()
    }

    func sized(_ count: Int) -> Int { max(1, Int(Double(count) * scale)) }

    // MARK: Events

    /// A job status change event with its outbox row.
    struct Recorded: OutboxEventConvertible {
        let event: BatchwireEvent
        let outboxEvent: OutboxEvent
    }

    func recorded(_ event: BatchwireEvent) throws -> Recorded {
        Recorded(
            event: event,
            outboxEvent: try OutboxEvent(event, topic: topics.events(job: event.jobName)))
    }

    func change(_ execution: JobExecution, previous: BatchStatus?, sequence: Int64) -> BatchwireEvent {
        .jobStatusChanged(
            JobStatusChangedEvent(
                execution: execution, previousStatus: previous, node: "bench-node", sequence: sequence,
                timeZone: zone))
    }

    /// A new execution of `job` with its created and STARTING events, as the launcher creates one.
    func create(_ store: MetadataStore, job: String, run: Int64) async throws -> JobExecution {
        let lineage = EventLineage(
            inputs: [EventDataset(namespace: "mysql://orders-db:3306", name: "shop.orders")],
            outputs: [EventDataset(namespace: "s3://analytics-lake", name: "orders/daily")])
        return try await store.repository.createJobExecution(
            jobName: job, parameters: ["run.id": JobParameter(.long(run))]
        ) { execution, sequence in
            [
                try recorded(
                    .jobCreated(
                        JobCreatedEvent(
                            execution: execution, lineage: lineage, node: "bench-node", sequence: sequence.next()))),
                try recorded(change(execution, previous: nil, sequence: sequence.next())),
            ]
        }.execution
    }

    /// Writes a status change with its event.
    @discardableResult
    func record(
        _ store: MetadataStore, _ execution: inout JobExecution, to status: BatchStatus
    ) async throws -> Recorded {
        let previous = execution.status
        execution.status = status
        if status == .started { execution.startTime = store.repository.now() }
        if status == .completed { execution.endTime = store.repository.now() }
        return try await store.repository.update(&execution) { saved, sequence in
            [try recorded(change(saved, previous: previous, sequence: sequence.next()))]
        }[0]
    }

    func relay(_ store: MetadataStore, _ client: MQTTClient) -> OutboxRelay<ContinuousClock> {
        var configuration = OutboxRelayConfiguration(topics: topics)
        if let size = ProcessInfo.processInfo.environment["BATCHWIRE_BENCH_BATCH"].flatMap(Int.init) {
            configuration.batchSize = size
        }
        return OutboxRelay(store: store.state, client: client, configuration: configuration, logger: logger)
    }

    // MARK: Latency

    /// One status change at a time: from the start of the repository write to the subscriber's receipt.
    func measureLatency(_ store: MetadataStore, executions: Int, warmup: Int) async throws -> LatencyHistogram {
        let job = "bench-latency-\(UUID().uuidString.prefix(6).lowercased())"
        let client = try await BenchmarkServices.connect("relay")
        let subscriber = try await BenchmarkServices.connect("subscriber")
        let subscription = try await subscriber.subscribe(topics.events(job: job), qos: .atLeastOnce)
        var messages = subscription.makeAsyncIterator()
        let relay = relay(store, client)
        let relaying = Task { await relay.run() }

        var fromWrite = LatencyHistogram()
        var fromCommit = LatencyHistogram()
        var writes = LatencyHistogram()
        for index in 0..<(warmup + executions) {
            var execution = try await create(store, job: job, run: Int64(index))
            relay.notify()
            for _ in 0..<2 { _ = try await messages.next() }  // created, STARTING
            for status in [BatchStatus.started, .completed] {
                let start = ContinuousClock.now
                let written = try await record(store, &execution, to: status)
                let committed = ContinuousClock.now
                relay.notify()
                guard let message = try await messages.next() else { throw MissingEnvironment(variable: "messages") }
                let received = ContinuousClock.now
                guard try BatchwireEvent(jsonData: Data(message.payload)).eventId == written.event.eventId else {
                    print("latency: an event arrived out of order")
                    continue
                }
                if index >= warmup {
                    fromWrite.record(received - start)
                    fromCommit.record(received - committed)
                    writes.record(committed - start)
                }
            }
        }
        relaying.cancel()
        await relaying.value
        await subscriber.disconnect()
        await client.disconnect()
        print(
            "latency, \(fromWrite.count) status changes one at a time "
                + "(STARTED, COMPLETED of \(executions) executions):"
        )
        print("  write start -> subscriber receipt: \(fromWrite.summary)")
        print("  commit      -> subscriber receipt: \(fromCommit.summary)")
        print("  the repository write itself:       \(writes.summary)")
        return fromWrite
    }

    // MARK: Throughput

    /// `writers` executions (on 16 jobs) each writing `perWriter` status changes, one event per transaction
    /// as the launcher writes them, while one relay publishes: events per second from the first write until
    /// the last row is marked delivered. Each write is a database commit, so this is the commit rate.
    func measureStatusChanges(_ store: MetadataStore, writers: Int, perWriter: Int) async throws -> Double {
        let prefix = "bench-commits-\(UUID().uuidString.prefix(6).lowercased())"
        var executions: [JobExecution] = []
        for index in 0..<writers {
            var execution = try await create(store, job: "\(prefix)-\(index % 16)", run: Int64(index))
            try await record(store, &execution, to: .started)
            executions.append(execution)
        }
        let client = try await BenchmarkServices.connect("commits-relay")
        let relay = relay(store, client)
        let relaying = Task { await relay.run() }
        let setup = writers * 3
        try await waitUntil { relay.metrics.published >= setup }

        let total = writers * perWriter
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for execution in executions {
                group.addTask {
                    var execution = execution
                    for _ in 0..<perWriter {
                        try await record(store, &execution, to: .started)
                        relay.notify()
                    }
                }
            }
            try await group.waitForAll()
        }
        let written = ContinuousClock.now - start
        try await waitUntil { relay.metrics.published >= setup + total }
        let elapsed = ContinuousClock.now - start
        relaying.cancel()
        await relaying.value
        await client.disconnect()
        let rate = Double(total) / seconds(elapsed)
        print(
            "status changes, \(writers) writers x \(perWriter), one event per transaction "
                + "(JobRepository.update), one relay:"
        )
        print(
            "  \(total) written and marked delivered in \(format(seconds(elapsed), digits: 3)) s = "
                + "\(grouped(rate)) events/s; "
                + "the writes alone: \(grouped(Double(total) / seconds(written))) commits/s")
        return rate
    }

    /// The events of one run with two steps, as the launcher writes them: created, STARTING, STARTED, three per
    /// step, COMPLETED (10 events, 15 publications with the retained status and the OpenLineage START and
    /// COMPLETE).
    func runEvents(jobName: String, execution id: Int64, sequence: inout OutboxSequence) throws -> [Recorded] {
        let now = Date()
        let created = JobCreatedEvent(
            sequence: sequence.next(), node: "bench-node", jobName: jobName, jobInstanceId: id, jobExecutionId: id,
            jobKey: "bench", parameters: ["run.id": JobParameter(.long(id))],
            lineage: EventLineage(
                inputs: [EventDataset(namespace: "mysql://orders-db:3306", name: "shop.orders")],
                outputs: [EventDataset(namespace: "s3://analytics-lake", name: "orders/daily")]))
        var events: [BatchwireEvent] = [.jobCreated(created)]
        func job(_ previous: BatchStatus?, _ status: BatchStatus) -> BatchwireEvent {
            .jobStatusChanged(
                JobStatusChangedEvent(
                    sequence: sequence.next(), node: "bench-node", jobName: jobName, jobInstanceId: id,
                    jobExecutionId: id,
                    previousStatus: previous, status: status, exitCode: status == .completed ? "COMPLETED" : "UNKNOWN",
                    createTime: now, startTime: status == .starting ? nil : now,
                    endTime: status == .completed ? now : nil))
        }
        func step(_ index: Int64, _ name: String, _ previous: BatchStatus?, _ status: BatchStatus) -> BatchwireEvent {
            .stepStatusChanged(
                StepStatusChangedEvent(
                    sequence: sequence.next(), node: "bench-node", jobName: jobName, jobInstanceId: id,
                    jobExecutionId: id,
                    stepExecutionId: id * 10 + index, stepName: name, previousStatus: previous, status: status,
                    exitCode: status == .completed ? "COMPLETED" : "EXECUTING", createTime: now,
                    startTime: status == .starting ? nil : now, endTime: status == .completed ? now : nil))
        }
        events.append(job(nil, .starting))
        events.append(job(.starting, .started))
        for (index, name) in ["extract", "publish"].enumerated() {
            events.append(step(Int64(index), name, nil, .starting))
            events.append(step(Int64(index), name, .starting, .started))
            events.append(step(Int64(index), name, .started, .completed))
        }
        events.append(job(.started, .completed))
        return try events.map(recorded)
    }

    /// `appenders` tasks each appending the events of `runsPerAppender` runs (one transaction per run, 10
    /// events) on 16 jobs, while one relay publishes them: events per second from the first append until the
    /// last event is marked delivered.
    func measureSustained(_ store: MetadataStore, appenders: Int, runsPerAppender: Int) async throws -> Double {
        let prefix = "bench-sustained-\(UUID().uuidString.prefix(6).lowercased())"
        let client = try await BenchmarkServices.connect("sustained-relay")
        let relay = relay(store, client)
        let relaying = Task { await relay.run() }
        let total = appenders * runsPerAppender * 10
        let firstID: Int64 = 1_000_000
        let cpu = ProcStats.ownCPUSeconds()
        let start = ContinuousClock.now
        try await appendRuns(
            store, prefix: prefix, firstID: firstID, appenders: appenders, runsPerAppender: runsPerAppender
        ) { relay.notify() }
        let written = ContinuousClock.now - start
        try await waitUntil { relay.metrics.published >= total }
        let elapsed = ContinuousClock.now - start
        let cpuPerEvent = (ProcStats.ownCPUSeconds() - cpu) / Double(total) * 1e6
        relaying.cancel()
        await relaying.value
        await client.disconnect()
        let rate = Double(total) / seconds(elapsed)
        print(
            "sustained: \(appenders) appenders x \(runsPerAppender) runs "
                + "(10 events per run, one transaction each), one relay:"
        )
        print(
            "  \(total) events appended, published and marked delivered in \(format(seconds(elapsed), digits: 3)) s = "
                + "\(grouped(rate)) events/s (appends alone: \(grouped(Double(total) / seconds(written))) events/s; "
                + "\(relay.metrics.publications) publications; this process used \(format(cpuPerEvent, digits: 1)) µs "
                + "of CPU per event, appending and relaying)")
        return rate
    }

    /// `appenders` concurrent tasks each append the events of `runsPerAppender` runs (one transaction per run,
    /// 10 events, execution ids from `firstID`, on 16 jobs named after `prefix`), calling `afterEach` after each.
    func appendRuns(
        _ store: MetadataStore, prefix: String, firstID: Int64, appenders: Int, runsPerAppender: Int,
        afterEach: @escaping @Sendable () -> Void = {}
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for appender in 0..<appenders {
                group.addTask {
                    for run in 0..<runsPerAppender {
                        let id = firstID + Int64(appender * runsPerAppender + run)
                        try await store.state.appendEvents(jobExecutionID: id) { sequence in
                            try runEvents(jobName: "\(prefix)-\(id % 16)", execution: id, sequence: &sequence)
                        }
                        afterEach()
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// The sustained workload without a relay: `appenders` tasks each appending the events of `runsPerAppender`
    /// runs (one transaction per run, 10 events). No relay can sustain more than this. The events are then marked
    /// delivered without publishing, so the next part starts from an empty outbox.
    func measureAppends(_ store: MetadataStore, appenders: Int, runsPerAppender: Int) async throws -> Double {
        let prefix = "bench-appends-\(UUID().uuidString.prefix(6).lowercased())"
        let total = appenders * runsPerAppender * 10
        let firstID: Int64 = 3_000_000
        let cpu = ProcStats.ownCPUSeconds()
        let start = ContinuousClock.now
        try await appendRuns(
            store, prefix: prefix, firstID: firstID, appenders: appenders, runsPerAppender: runsPerAppender)
        let elapsed = ContinuousClock.now - start
        let cpuPerEvent = (ProcStats.ownCPUSeconds() - cpu) / Double(total) * 1e6
        // Mark them delivered so the next parts start from an empty outbox.
        while true {
            let pending = try await store.state.pendingEvents(limit: 5_000)
            if pending.isEmpty { break }
            try await store.state.markDelivered(eventIDs: pending.map(\.id))
        }
        let rate = Double(total) / seconds(elapsed)
        print("appends alone: \(appenders) appenders x \(runsPerAppender) runs (10 events per run, one transaction each), no relay:")
        print(
            "  \(total) events appended in \(format(seconds(elapsed), digits: 3)) s = \(grouped(rate)) events/s "
                + "(this process used \(format(cpuPerEvent, digits: 1)) µs of CPU per event: building, encoding, writing)")
        return rate
    }

    /// The relay alone: the events of `runs` runs already in the outbox (appended first, not timed), then
    /// events per second until the last one is marked delivered.
    func measureDrain(_ store: MetadataStore, runs: Int) async throws -> Double {
        let prefix = "bench-drain-\(UUID().uuidString.prefix(6).lowercased())"
        let firstID: Int64 = 5_000_000
        for run in 0..<runs {
            let id = firstID + Int64(run)
            try await store.state.appendEvents(jobExecutionID: id) { sequence in
                try runEvents(jobName: "\(prefix)-\(id % 16)", execution: id, sequence: &sequence)
            }
        }
        let total = runs * 10
        let client = try await BenchmarkServices.connect("drain-relay")
        let relay = relay(store, client)
        let start = ContinuousClock.now
        let cpu = ProcStats.ownCPUSeconds()
        let relaying = Task { await relay.run() }
        try await waitUntil { relay.metrics.published >= total }
        let elapsed = ContinuousClock.now - start
        let cpuPerEvent = (ProcStats.ownCPUSeconds() - cpu) / Double(total) * 1e6
        relaying.cancel()
        await relaying.value
        await client.disconnect()
        let rate = Double(total) / seconds(elapsed)
        print("relay alone: \(total) events of \(runs) runs on 16 jobs waiting in the outbox:")
        print(
            "  all published and marked delivered in \(format(seconds(elapsed), digits: 3)) s = "
                + "\(grouped(rate)) events/s "
                + "(\(relay.metrics.publications) publications = "
                + "\(grouped(Double(relay.metrics.publications) / seconds(elapsed)))/s; "
                + "this process used \(format(cpuPerEvent, digits: 1)) µs of CPU per event)")
        return rate
    }

    /// Polls `condition` every millisecond, for at most 10 minutes.
    func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(600)
        while !condition() {
            guard ContinuousClock.now < deadline else { throw MissingEnvironment(variable: "progress (timed out)") }
            try await Task.sleep(for: .milliseconds(1))
        }
    }
}
