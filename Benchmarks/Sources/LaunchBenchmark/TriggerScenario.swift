import BenchmarkSupport
import Foundation
import MosquittoClient

/// Scenario (t): one job whose runs are started by MQTT messages (`triggers: [{mqtt: …}]`, a `noop` or
/// `/bin/true` step, `incrementer: none`, the message's `batchId` as the identifying parameter), through
/// `batchwire serve` and the test broker.
///
/// 1. Latency: 500 messages at a steady 100 per second; for each, the step's `START_TIME` minus the instant
///    the benchmark published it (one clock: same machine, serve in UTC).
/// 2. Throughput: `--jobs` messages published as fast as the broker takes them; runs/s from the first
///    publish to the last step `START_TIME`.
enum TriggerScenario {
    static let steadyCount = 500

    static func run(_ harness: CaseHarness) async throws -> ReportTable {
        guard let broker = try? BenchmarkEnvironment.mqtt() else {
            throw CaseHarness.CaseError(
                description: "BATCHWIRE_TEST_MQTT_* are not set; source \"$(scripts/services.sh env)\" first")
        }
        let root = "triggers/bench\(UInt32.random(in: 0...UInt32.max))"
        let job = """
            name: triggered
            incrementer: none
            mqtt: { trigger: true }
            parameters: [{ name: batch, type: long, value: "0" }]
            steps:
            \(JobFileWriter.stepLines(harness.step))
            triggers:
              - mqtt:
                  topic: \(root)/+/ready
                  parameters: { batch: "${payload.batchId}" }
            """
        try await harness.launch(
            jobFile: job,
            extra: [
                "BATCHWIRE_MQTT_URL": "mqtt://\(broker.address)", "BATCHWIRE_MQTT_USERNAME": broker.user,
                "BATCHWIRE_MQTT_PASSWORD": broker.password, "BATCHWIRE_MQTT_TOPIC_PREFIX": "batchwire/\(root)",
            ],
            waitingFor: "MQTT triggers subscribed")
        guard let reader = harness.reader else { throw CaseHarness.CaseError(description: "no reader") }
        try await Task.sleep(for: .seconds(1))
        let publisher = try MQTTClient(
            configuration: MQTTConfiguration(
                host: broker.host, port: broker.port, clientID: "trigger-bench-\(UInt32.random(in: 0...UInt32.max))",
                username: broker.user, password: broker.password))
        try await publisher.connect()
        func payload(_ batch: Int) -> [UInt8] { Array("{\"batchId\": \(batch)}".utf8) }

        // 1. Steady: one message every 10 ms.
        harness.progress("steady: \(steadyCount) messages at 100/s")
        var sent: [Int: Date] = [:]
        let start = Date()
        for batch in 1...steadyCount {
            let due = start.addingTimeInterval(Double(batch - 1) * 0.01)
            if due > Date() { try await Task.sleep(for: .milliseconds(Int(due.timeIntervalSinceNow * 1000))) }
            sent[batch] = Date()
            try await publisher.publish(topic: "\(root)/L\(batch % 4)/ready", payload: payload(batch))
        }
        try await waitForRuns(steadyCount, harness, reader)

        // 2. Burst.
        let burst = harness.context.options.jobs
        harness.progress("burst: \(burst) messages")
        let before = try await harness.snapshot()
        let burstStart = Date()
        let results = await publisher.publish(
            (1...burst).map { index in
                MQTTPublication(topic: "\(root)/L\(index % 4)/ready", payload: payload(steadyCount + index))
            })
        let published = Date()
        let refused = results.filter { if case .failure = $0 { true } else { false } }.count
        try await waitForRuns(steadyCount + burst, harness, reader)
        let after = try await harness.snapshot()
        await publisher.disconnect()
        let stop = await harness.stop()

        var starts: [Int: Date] = [:]
        for row in try await reader.rows(
            """
            SELECT P.PARAMETER_VALUE, S.START_TIME FROM BATCH_JOB_EXECUTION_PARAMS P
            JOIN BATCH_STEP_EXECUTION S ON S.JOB_EXECUTION_ID = P.JOB_EXECUTION_ID WHERE P.PARAMETER_NAME = 'batch'
            """)
        {
            guard row.count == 2, let batch = row[0].flatMap({ Int($0) }), let time = row[1].flatMap(UTCText.parse) else { continue }
            starts[batch] = time
        }
        let latencies = (1...steadyCount).compactMap { batch in
            starts[batch].flatMap { start in sent[batch].map { start.timeIntervalSince($0) } }
        }
        let burstStarts = (steadyCount + 1...steadyCount + burst).compactMap { starts[$0] }
        var table = ReportTable(title: "scenario t: MQTT-triggered runs · \(harness.store.rawValue) · step \(harness.step.rawValue)")
        table.add("serve", harness.serveCommandLine + " (with BATCHWIRE_MQTT_* of the test broker)")
        table.add("trigger", "\(root)/+/ready → ${payload.batchId}; incrementer none; QoS 1; shared subscription")
        table.heading("steady: \(steadyCount) messages at 100/s")
        table.add("runs with a step started", "\(latencies.count) of \(steadyCount)")
        table.add("published → step START_TIME", LatencyHistogram(seconds: latencies).text())
        table.heading("burst: \(burst) messages")
        table.add("published in", String(format: "%.3f s (%d refused by the broker)", published.timeIntervalSince(burstStart), refused))
        table.add("runs with a step started", "\(burstStarts.count) of \(burst)")
        if let last = burstStarts.max() {
            let span = last.timeIntervalSince(burstStart)
            table.add(
                "runs/s (first publish → last step START_TIME)",
                String(format: "%.1f  (%d runs in %.3f s)", Double(burstStarts.count) / span, burstStarts.count, span))
        }
        table.add(
            "published → step START_TIME (burst)",
            LatencyHistogram(seconds: burstStarts.map { $0.timeIntervalSince(burstStart) }).text())
        LoadCost(
            before: before, after: after, runs: burst, peakResidentBytes: harness.serve.flatMap { ProcStats.peakResidentBytes(pid: $0.pid) },
            own: nil
        ).report(into: &table)
        let records = try await reader.rows("SELECT OUTCOME, COUNT(*) FROM BATCH_BW_TRIGGER_FIRE GROUP BY OUTCOME ORDER BY OUTCOME")
        table.add("trigger records by outcome", records.map { "\($0[0] ?? "undecided") \($0[1] ?? "?")" }.joined(separator: ", "))
        table.add("SIGTERM → exit", ReportRows.stopText(stop))
        return table
    }

    /// Waits until `count` runs have ended (at most `--timeout` seconds).
    private static func waitForRuns(_ count: Int, _ harness: CaseHarness, _ reader: any MetadataReader) async throws {
        let deadline = Date().addingTimeInterval(Double(harness.context.options.timeoutSeconds))
        while Date() < deadline {
            try harness.checkServeRunning()
            let progress = try await RunRecords.progress(reader)
            if progress.ended >= count { return }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw CaseHarness.CaseError(description: "timed out waiting for \(count) triggered runs to end")
    }
}
