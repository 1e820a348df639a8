import BatchwireRuntime
import Foundation
import Testing

/// The `http`, `mqtt` and `swift` step kinds in job files (issue 16): the syntax exactly as the issue gives it,
/// one kind per step, and an error with file:line:column for every new key.
@Suite struct StepKindParserTests {
    private let parser = JobFileParser()

    private func job(steps: String) throws -> JobDefinition {
        try #require(try parser.parse("name: j\nsteps:\n" + steps, file: "jobs/j.yaml").first)
    }

    /// The error for `steps`, which start on line 3 of the file.
    private func error(steps: String) -> JobFileError? {
        jobFileError("name: j\nsteps:\n" + steps, file: "jobs/j.yaml")
    }

    @Test func parsesTheIssuesExample() throws {
        let parsed = try job(
            steps: """
                  - name: notify                      # HTTP call
                    http:
                      url: http://127.0.0.1:8080/hooks/done
                      method: POST                    # default GET
                      headers: {Content-Type: application/json}
                      body: '{"job":"${job.name}","fireTime":"${param.fireTime}"}'
                      expect: [200, 204]              # default: any 2xx
                    timeout: 30s
                    retries: 2
                  - name: flush-line                  # MQTT request/reply
                    mqtt:
                      topic: plant/line1/commands
                      payload: '{"do":"flush","batch":"${param.batch}"}'
                      qos: 1                          # default 1
                      reply:                          # optional: wait for the answer
                        timeout: 2m
                  - name: mark
                    noop: {}
                  - name: compute
                    swift: computeTotals              # a Swift step registered by name
                """)
        #expect(parsed.steps.map(\.kind) == [.http, .mqtt, .noop, .swift])
        let http = try #require(parsed.steps[0].http)
        #expect(http.url.description == "http://127.0.0.1:8080/hooks/done")
        #expect(http.method == "POST")
        #expect(http.headers.map(\.name) == ["Content-Type"])
        #expect(http.headers.first?.value.description == "application/json")
        #expect(
            http.body?.parts == [
                .text("{\"job\":\""), .jobName, .text("\",\"fireTime\":\""), .parameter("fireTime"), .text("\"}"),
            ])
        #expect(http.expect == [200, 204])
        #expect(parsed.steps[0].timeoutSeconds == 30)
        #expect(parsed.steps[0].retries == 2)
        #expect(parsed.steps[0].command.isEmpty)
        let mqtt = try #require(parsed.steps[1].mqtt)
        #expect(mqtt.topic.description == "plant/line1/commands")
        #expect(mqtt.payload.parameterNames == ["batch"])
        #expect(mqtt.qos == 1)
        #expect(mqtt.replyTimeoutSeconds == 120)
        #expect(parsed.steps[3].swiftStepName == "computeTotals")
        #expect(parsed.steps[3].command.isEmpty)
    }

    @Test func defaultsOfHTTPAndMQTT() throws {
        let parsed = try job(
            steps: """
                  - name: get
                    http: { url: "https://example.org/x" }
                  - name: tell
                    mqtt: { topic: a/b, payload: hi }
                  - name: ask
                    mqtt: { topic: a/b, payload: hi, reply: {} }
                """)
        let http = try #require(parsed.steps[0].http)
        #expect(http.method == "GET" && http.expect.isEmpty && http.body == nil && http.headers.isEmpty)
        #expect(http.accepts(status: 204) && !http.accepts(status: 301))
        #expect(parsed.steps[1].mqtt?.qos == 1)
        #expect(parsed.steps[1].mqtt?.waitsForReply == false)
        #expect(parsed.steps[2].mqtt?.replyTimeoutSeconds == MQTTStepDefinition.defaultReplyTimeoutSeconds)
    }

    @Test func aSwiftStepNeedsNoCommandAndTakesTimeoutAndRetries() throws {
        let parsed = try job(
            steps: "  - name: compute\n    swift: computeTotals\n    timeout: 5m\n    retries: 1\n    startLimit: 2\n")
        #expect(parsed.steps[0].kind == .swift)
        #expect(
            parsed.steps[0].timeoutSeconds == 300 && parsed.steps[0].retries == 1 && parsed.steps[0].startLimit == 2)
    }

    @Test func headerValuesMayReadFilesAndExitCodesApplyToHTTP() throws {
        let parsed = try job(
            steps: """
                  - name: call
                    http:
                      url: "${env.BASE}/hooks?run=${execution.id}"
                      headers: {Authorization: "Bearer ${file:/etc/batchwire/token}"}
                    exitCodes:
                      3: { status: COMPLETED, exitCode: NOOP }
                """)
        let http = try #require(parsed.steps[0].http)
        #expect(http.headers[0].value.parts == [.text("Bearer "), .file("/etc/batchwire/token")])
        #expect(http.url.parts.first == .environment("BASE"))
        #expect(parsed.steps[0].exitCodes.entry(for: 3).exitCode == "NOOP")
    }

    @Test func aStepWithTwoKindsNamesBoth() throws {
        let found = try #require(error(steps: "  - name: both\n    swift: x\n    http: { url: http://a }\n"))
        #expect(found.description.hasPrefix("jobs/j.yaml:5:5: "))
        #expect(found.reason.contains("exactly one of \"command\", \"http\", \"mqtt\", \"noop\" or \"swift\""))
        #expect(found.reason.contains("\"http\" and \"swift\""))
    }

    /// Every new key, wrong, and where the error points (steps start on line 3; `- name` is at column 3).
    @Test(arguments: [
        (
            "  - name: s\n    http: { url: http://a, verb: GET }\n", "jobs/j.yaml:4:28",
            "unknown key \"verb\" in \"http\""
        ),
        ("  - name: s\n    http: { method: GET }\n", "jobs/j.yaml:4:11", "\"http\" needs \"url\""),
        ("  - name: s\n    http: [a]\n", "jobs/j.yaml:4:11", "\"http\" must be a mapping"),
        ("  - name: s\n    http:\n      url: ftp://a/b\n", "jobs/j.yaml:5:7", "must start with http:// or https://"),
        (
            "  - name: s\n    http:\n      url: http://a/${job.id}\n", "jobs/j.yaml:5:7",
            "unknown placeholder \"${job.id}\""
        ),
        ("  - name: s\n    http:\n      url: http://a/${param.x\n", "jobs/j.yaml:5:7", "without a closing"),
        (
            "  - name: s\n    http:\n      url: http://a\n      method: FETCH\n", "jobs/j.yaml:6:7",
            "method \"FETCH\" is unknown"
        ),
        (
            "  - name: s\n    http:\n      url: http://a\n      headers: {\"a b\": x}\n", "jobs/j.yaml:6:17",
            "a header name"
        ),
        (
            "  - name: s\n    http:\n      url: http://a\n      headers: {X: \"${file:token}\"}\n", "jobs/j.yaml:6:20",
            "absolute path"
        ),
        (
            "  - name: s\n    http:\n      url: http://a\n      headers: [x]\n", "jobs/j.yaml:6:16",
            "\"headers\" must map"
        ),
        (
            "  - name: s\n    http:\n      url: http://a\n      body: \"${file:/etc/passwd}\"\n", "jobs/j.yaml:6:7",
            "only be read into header values"
        ),
        (
            "  - name: s\n    http:\n      url: http://a\n      expect: [200, 700]\n", "jobs/j.yaml:6:21",
            "from 100 to 599"
        ),
        (
            "  - name: s\n    http:\n      url: http://a\n      expect: []\n", "jobs/j.yaml:6:7",
            "at least one status code"
        ),
        (
            "  - name: s\n    http: { url: http://a }\n    shell: true\n", "jobs/j.yaml:5:5",
            "applies to command steps only"
        ),
        ("  - name: s\n    http: { url: http://a }\n    workdir: /tmp\n", "jobs/j.yaml:5:5", "is a http step"),
        ("  - name: s\n    mqtt: { payload: x }\n", "jobs/j.yaml:4:11", "\"mqtt\" needs \"topic\""),
        ("  - name: s\n    mqtt: { topic: a/#, payload: x }\n", "jobs/j.yaml:4:13", "no wildcards"),
        ("  - name: s\n    mqtt: { topic: $SYS/x }\n", "jobs/j.yaml:4:13", "starts with \"$\""),
        ("  - name: s\n    mqtt: { topic: a, qos: 3 }\n", "jobs/j.yaml:4:23", "\"qos\" must be 0, 1 or 2"),
        (
            "  - name: s\n    mqtt: { topic: a, retain: true }\n", "jobs/j.yaml:4:23",
            "unknown key \"retain\" in \"mqtt\""
        ),
        ("  - name: s\n    mqtt: { topic: a, payload: \"${step.id}\" }\n", "jobs/j.yaml:4:23", "unknown placeholder"),
        (
            "  - name: s\n    mqtt:\n      topic: a\n      reply: { wait: 2m }\n", "jobs/j.yaml:6:16",
            "unknown key \"wait\" in \"reply\""
        ),
        (
            "  - name: s\n    mqtt:\n      topic: a\n      reply: { timeout: soon }\n", "jobs/j.yaml:6:16",
            "not a duration"
        ),
        (
            "  - name: s\n    mqtt:\n      topic: a\n      reply: [x]\n", "jobs/j.yaml:6:14",
            "\"reply\" must be a mapping"
        ),
        ("  - name: s\n    mqtt: { topic: a }\n    env: { A: b }\n", "jobs/j.yaml:5:5", "is a mqtt step"),
        ("  - name: s\n    swift: ''\n", "jobs/j.yaml:4:5", "names a registered Swift step"),
        ("  - name: s\n    swift: [a, b]\n", "jobs/j.yaml:4:5", "names a registered Swift step"),
        (
            "  - name: s\n    swift: x\n    exitCodes: { 3: { status: FAILED } }\n", "jobs/j.yaml:5:5",
            "applies to command, http and mqtt steps only"
        ),
        (
            "  - name: s\n    swift: x\n    command: [/bin/true]\n", "jobs/j.yaml:5:5",
            "(it has \"command\" and \"swift\")"
        ),
    ])
    func reportsEveryNewKeyWithItsPlace(steps: String, place: String, reason: String) throws {
        let found = try #require(error(steps: steps), "no error for:\n\(steps)")
        #expect(found.location.description == place, "\(found)")
        #expect(found.reason.contains(reason), "\(found)")
    }

    /// The settings of the new kinds share one boxed field, packed beside the timeout: a step stays at 96 bytes.
    @Test func stepDefinitionsStaySmall() {
        #expect(MemoryLayout<StepDefinition>.stride <= 96)
        var step = StepDefinition(name: "s", http: HTTPStepDefinition(url: "http://a"))
        #expect(step.http != nil && step.mqtt == nil && step.swiftStepName == nil)
        step.mqtt = MQTTStepDefinition(topic: "a", payload: "b")
        #expect(step.http == nil && step.mqtt?.topic.description == "a")
    }

    @Test func warnsOfMQTTStepsWithoutABroker() throws {
        let parsed = try job(
            steps: "  - name: tell\n    mqtt: { topic: a/b }\n  - name: run\n    command: [/bin/true]\n")
        let warnings = JobFileWarnings.mqttStepsWithoutBroker([parsed])
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("step \"tell\"") == true)
        #expect(warnings.first?.contains("mqtt-url") == true)
    }
}
