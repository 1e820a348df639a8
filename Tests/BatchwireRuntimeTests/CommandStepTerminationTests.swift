import BatchwireCore
import Foundation
import Testing

@testable import BatchwireRuntime

@Suite("Command step timeout and stop")
struct CommandStepTerminationTests {
    @Test("a timeout terminates sleep 60 quickly and the step is FAILED")
    func timeout() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let started = ContinuousClock.now
        let result = await StepFixtures.runner(in: directory)
            .run(StepFixtures.invocation(["/bin/sleep", "60"]) { $0.timeoutSeconds = 0.5 })
        #expect(ContinuousClock.now - started < .seconds(30))
        #expect(result.status == .failed)
        #expect(result.exitStatus.exitCode == "FAILED")
        #expect(result.finalAttempt.terminationRequest == .timeout)
        #expect(result.termination == .signaled(SIGTERM))
        #expect(result.exitStatus.exitDescription.hasPrefix("Timed out after 0.5 s"))
    }

    @Test("stop() sends SIGTERM to the process group: the step is STOPPED, not retried")
    func stopSendsTerm() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let marker = directory.file("started")
        // A shell that waits on a child: SIGTERM must reach both (the whole group) for the step to end.
        let script = "touch '\(marker.path)'; /bin/sleep 60 & wait"
        let stop = StepStopSignal()
        let runner = StepFixtures.runner(in: directory) { $0.terminationGracePeriod = .seconds(30) }
        async let pending = runner.run(
            StepFixtures.invocation([script], shell: true) { $0.retries = 3 },
            stopSignal: stop
        )
        try await waitUntilExists(marker)
        let started = ContinuousClock.now
        stop.stop()
        let result = await pending
        #expect(ContinuousClock.now - started < .seconds(20))
        #expect(result.status == .stopped)
        #expect(result.exitStatus.exitCode == "STOPPED")
        #expect(result.attempts.count == 1)
        #expect(result.finalAttempt.wasKilled == false)
        #expect(result.termination == .signaled(SIGTERM))
        #expect(result.exitStatus.exitDescription.hasPrefix("Stopped on request"))
    }

    @Test("a child that traps SIGTERM is SIGKILLed after the grace period")
    func graceThenKill() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let marker = directory.file("trapped")
        let script = "trap 'echo got TERM' TERM; touch '\(marker.path)'; while true; do /bin/sleep 0.1; done"
        let stop = StepStopSignal()
        let runner = StepFixtures.runner(in: directory) { $0.terminationGracePeriod = .milliseconds(300) }
        async let pending = runner.run(StepFixtures.invocation([script], shell: true), stopSignal: stop)
        try await waitUntilExists(marker)
        stop.stop()
        let result = await pending
        #expect(result.status == .stopped)
        #expect(result.finalAttempt.wasKilled)
        #expect(result.termination == .signaled(SIGKILL))
        #expect(result.exitStatus.exitDescription.contains("SIGKILL after"))
        #expect(result.exitStatus.exitDescription.contains("got TERM"))
    }

    @Test("cancelling the calling task stops the step")
    func cancellation() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let marker = directory.file("started")
        let runner = StepFixtures.runner(in: directory)
        let task = Task {
            await runner.run(StepFixtures.invocation(["touch '\(marker.path)'; exec /bin/sleep 60"], shell: true))
        }
        try await waitUntilExists(marker)
        task.cancel()
        let result = await task.value
        #expect(result.status == .stopped)
    }

    @Test("a stop before the process starts or during the retry wait ends STOPPED at once")
    func stopBetweenAttempts() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let stop = StepStopSignal()
        stop.stop()
        let early = await StepFixtures.runner(in: directory).run(
            StepFixtures.invocation(["/bin/sleep", "60"]),
            stopSignal: stop
        )
        #expect(early.status == .stopped)
        #expect(early.termination == nil)

        let waiting = StepStopSignal()
        let runner = StepFixtures.runner(in: directory) {
            $0.retryBackoff = RetryBackoff(initial: .seconds(600), multiplier: 1, maximum: .seconds(600))
        }
        let marker = directory.file("failed-once")
        async let pending = runner.run(
            StepFixtures.invocation(
                ["echo $$ $PPID > '\(marker.path).tmp'; mv '\(marker.path).tmp' '\(marker.path)'; exit 1"],
                shell: true
            ) {
                $0.retries = 2
            },
            stopSignal: waiting
        )
        try await waitUntilExists(marker)
        // Wait until the first attempt's processes are gone (reaped), so the stop lands between attempts: the
        // shell, and the step supervisor it ran under when there is one (its parent, unless that is this process).
        let pids = try StepFixtures.contents(marker).split(separator: " ").map { text in
            try #require(pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)))
        }.filter { $0 != getpid() }
        for pid in pids {
            for _ in 0..<600 where kill(pid, 0) == 0 {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        waiting.stop()
        let result = await pending
        #expect(result.status == .stopped)
        #expect(result.attempts.map(\.status) == [.failed, .stopped])
        #expect(result.exitStatus.exitDescription.contains("waiting to retry"))
    }

    /// Polls for a file a step creates once it runs (a rendezvous, not a timing assumption).
    private func waitUntilExists(_ url: URL) async throws {
        for _ in 0..<600 {
            if FileManager.default.fileExists(atPath: url.path) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the step never created \(url.path)")
    }
}
