import BatchwireCore
import BatchwireRuntime
import BatchwireTestBasics
import Foundation
import Testing

/// The `http` step kind against a Hummingbird server started in the test: status codes, `expect`, retries with
/// backoff, timeout, stop, JSON exit code and context, templates and secrets, the 2,500-character body.
@Suite struct HTTPStepTests {
    private let runner = HTTPStepRunner(retryBackoff: StepKindFixtures.backoff, logger: StepKindFixtures.logger)

    private func withServer(_ body: (TestHTTPServer) async throws -> Void) async throws {
        let server = try await TestHTTPServer.start()
        do {
            try await body(server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    private func get(_ server: TestHTTPServer, _ path: String) -> HTTPStepDefinition {
        HTTPStepDefinition(url: StepTemplate(stringLiteral: server.baseURL + path))
    }

    @Test func a2xxCompletesWithStatusAndBodyInTheDescription() async throws {
        try await withServer { server in
            let result = await runner.run(StepKindFixtures.http(get(server, "/status/200")))
            #expect(result.status == .completed)
            #expect(result.exitStatus.exitCode == "COMPLETED")
            #expect(result.exitStatus.exitDescription.hasPrefix("HTTP 200 from GET \(server.baseURL)/status/200."))
            #expect(result.exitStatus.exitDescription.contains("status 200"))
            #expect(result.attempts.count == 1)
        }
    }

    @Test func aStatusOutsideExpectFails() async throws {
        try await withServer { server in
            var settings = get(server, "/status/200")
            settings.expect = [204]
            let result = await runner.run(StepKindFixtures.http(settings))
            #expect(result.status == .failed)
            #expect(result.exitStatus.exitCode == "FAILED")
            #expect(result.exitStatus.exitDescription.contains("HTTP 200 from GET"))
            #expect(result.exitStatus.exitDescription.contains("(expected 204)"))

            let notFound = await runner.run(StepKindFixtures.http(get(server, "/status/404")))
            #expect(notFound.status == .failed)
            #expect(notFound.exitStatus.exitDescription.contains("expected any 2xx"))
            #expect(notFound.exitStatus.exitDescription.contains("status 404"))

            var accepting = get(server, "/status/404")
            accepting.expect = [200, 404]
            #expect(await runner.run(StepKindFixtures.http(accepting)).status == .completed)
        }
    }

    @Test func retriesWithBackoffUntilTheServerAnswers() async throws {
        try await withServer { server in
            let result = await runner.run(StepKindFixtures.http(get(server, "/flaky/2"), retries: 3))
            #expect(result.status == .completed)
            #expect(result.attempts.map(\.status) == [.failed, .failed, .completed])
            #expect(result.attempts.map(\.number) == [1, 2, 3])
            #expect(server.calls("/flaky") == 3)
            #expect(result.attempts[0].exitStatus.exitDescription.contains("HTTP 503"))
            // The waits between attempts follow the backoff (20 ms, then 40 ms).
            let gap = result.attempts[2].startTime.timeIntervalSince(result.attempts[0].endTime)
            #expect(gap >= 0.055)
        }
    }

    @Test func retriesRunOutAndTheStepFails() async throws {
        try await withServer { server in
            let result = await runner.run(StepKindFixtures.http(get(server, "/status/503"), retries: 1))
            #expect(result.status == .failed)
            #expect(result.attempts.count == 2)
            #expect(server.calls("/status/503") == 2)
        }
    }

    @Test func aTimeoutFailsTheAttempt() async throws {
        try await withServer { server in
            let started = ContinuousClock.now
            let result = try await withDeadline(20, "the timed-out step") {
                await runner.run(StepKindFixtures.http(get(server, "/slow"), timeout: 1))
            }
            #expect(ContinuousClock.now - started < .seconds(10))
            #expect(result.status == .failed)
            #expect(result.finalAttempt.terminationRequest == .timeout)
            #expect(result.exitStatus.exitDescription == "Timed out after 1 s waiting for GET \(server.baseURL)/slow.")
        }
    }

    @Test func aStopEndsTheRequestStopped() async throws {
        try await withServer { server in
            let signal = StepStopSignal()
            Task {
                try await Task.sleep(for: .milliseconds(300))
                signal.stop()
            }
            let result = try await withDeadline(20, "the stopped step") {
                await runner.run(StepKindFixtures.http(get(server, "/slow"), retries: 2), stopSignal: signal)
            }
            #expect(result.status == .stopped)
            #expect(result.exitStatus.exitCode == "STOPPED")
            #expect(result.attempts.count == 1)
        }
    }

    @Test func aJSONAnswerSetsTheExitCodeAndContext() async throws {
        try await withServer { server in
            let json = #"{"exitCode": 3, "context": {"offset": 1200, "ratio": 0.5, "name": "x", "done": true}}"#
            var previous = ExecutionContext()
            previous["kept"] = .string("from before")
            previous["offset"] = .long(1)
            let result = await runner.run(
                StepKindFixtures.http(
                    get(server, "/json?json=" + StepKindFixtures.query(json)),
                    exitCodes: [3: .init(status: .completed, exitCode: "NOOP")], previous: previous))
            #expect(result.status == .completed)
            #expect(result.exitStatus.exitCode == "NOOP")
            #expect(result.context["offset"] == .long(1200))
            #expect(result.context["ratio"] == .double(0.5))
            #expect(result.context["name"] == .string("x"))
            #expect(result.context["done"] == .boolean(true))
            #expect(result.context["kept"] == .string("from before"))

            let failing = await runner.run(
                StepKindFixtures.http(get(server, "/json?json=" + StepKindFixtures.query(#"{"exitCode": 2}"#))))
            #expect(failing.status == .failed)
            #expect(failing.exitStatus.exitCode == "FAILED")

            let text = await runner.run(
                StepKindFixtures.http(
                    get(server, "/json?json=" + StepKindFixtures.query(#"{"exitCode": "NOTHING_NEW"}"#))))
            #expect(text.status == .completed)
            #expect(text.exitStatus.exitCode == "NOTHING_NEW")

            let nested = await runner.run(
                StepKindFixtures.http(
                    get(server, "/json?json=" + StepKindFixtures.query(#"{"context": {"a": {"b": 1}}}"#)), retries: 2,
                    previous: previous))
            #expect(nested.status == .failed)
            #expect(nested.attempts.count == 1)
            #expect(nested.exitStatus.exitDescription.contains("flat object"))
            #expect(nested.context == previous)
        }
    }

    @Test func fillsInTemplatesAndKeepsSecretsOutOfTheDescription() async throws {
        try await withServer { server in
            let tokenFile = FileManager.default.temporaryDirectory.appendingPathComponent("bw-http-token-\(UUID())")
            defer { try? FileManager.default.removeItem(at: tokenFile) }
            try Data("file-secret-123\n".utf8).write(to: tokenFile)
            var settings = HTTPStepDefinition(url: try StepTemplate(parsing: "${env.BASE}/echo?key=${env.KEY}"))
            settings.method = "POST"
            settings.headers = [
                .init(
                    name: "Authorization",
                    value: try StepTemplate(parsing: "Bearer ${file:\(tokenFile.path)}", allowFiles: true)),
                .init(name: "Content-Type", value: "application/json"),
            ]
            settings.body = try StepTemplate(
                parsing:
                    #"{"job":"${job.name}","execution":${execution.id},"instance":${instance.id},"step":"${step.name}","batch":"${param.batch}"}"#
            )
            let result = await runner.run(
                StepKindFixtures.http(
                    settings, parameters: JobParameters().adding("batch", .string("b-17")),
                    environment: ["BASE": server.baseURL, "KEY": "env-secret-456"]))
            #expect(result.status == .completed)
            let seen = try #require(server.requests.first)
            #expect(seen.method == "POST")
            #expect(seen.headers["authorization"] == "Bearer file-secret-123")
            #expect(seen.headers["content-type"] == "application/json")
            #expect(seen.body == #"{"job":"orders","execution":42,"instance":7,"step":"call","batch":"b-17"}"#)
            let description = result.exitStatus.exitDescription
            #expect(description.contains("POST ${env.BASE}/echo?key=${env.KEY}"))
            #expect(!description.contains("file-secret-123") && !description.contains("env-secret-456"))
        }
    }

    @Test func aMissingParameterFailsWithoutARequestOrRetry() async throws {
        try await withServer { server in
            var settings = get(server, "/echo")
            settings.method = "POST"
            settings.body = try StepTemplate(parsing: "${param.fireTime}")
            let result = await runner.run(StepKindFixtures.http(settings, retries: 3))
            #expect(result.status == .failed)
            #expect(result.attempts.count == 1)
            #expect(result.exitStatus.exitDescription.contains("${param.fireTime}"))
            #expect(server.requests.isEmpty)
        }
    }

    @Test func theDescriptionHoldsTheStartOfALongBody() async throws {
        try await withServer { server in
            let result = await runner.run(StepKindFixtures.http(get(server, "/big")))
            #expect(result.status == .completed)
            #expect(result.exitStatus.exitDescription.utf16.count <= ExitStatus.maxDescriptionLength)
            #expect(result.exitStatus.exitDescription.contains(String(repeating: "x", count: 2000)))
        }
    }

    @Test func followsRedirects() async throws {
        try await withServer { server in
            let result = await runner.run(StepKindFixtures.http(get(server, "/redirect")))
            #expect(result.status == .completed)
            #expect(server.calls("/status/200") == 1)
        }
    }

    @Test func aRefusedConnectionFailsAndIsRetried() async throws {
        // A port that was just free: nothing listens there.
        let server = try await TestHTTPServer.start()
        let url = server.baseURL + "/status/200"
        await server.stop()
        let result = await runner.run(
            StepKindFixtures.http(HTTPStepDefinition(url: StepTemplate(stringLiteral: url)), retries: 1))
        #expect(result.status == .failed)
        #expect(result.attempts.count == 2)
        #expect(result.exitStatus.exitDescription.hasPrefix("GET \(url) failed: "))
    }
}
