import BatchwireCore
import Foundation
import Testing

@testable import BatchwireRuntime

@Suite("Command step runner")
struct CommandStepRunnerTests {
    @Test("exit 0 is COMPLETED with an empty description and output in the log files")
    func completes() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let result = await StepFixtures.runner(in: directory).run(StepFixtures.invocation(["/bin/echo", "hello"]))
        #expect(result.status == .completed)
        #expect(result.exitStatus == ExitStatus.completed)
        #expect(result.termination == .exited(0))
        #expect(result.attempts.count == 1)
        #expect(result.startTime <= result.endTime)
        let logs = try #require(result.logFiles)
        #expect(StepFixtures.contents(logs.standardOutput) == "hello\n")
        #expect(logs.standardOutput.lastPathComponent == "22-33-load.stdout.log")
        #expect(logs.standardError.lastPathComponent == "22-33-load.stderr.log")
    }

    @Test("a non-zero exit is FAILED with the stderr tail before the stdout tail")
    func failsWithTail() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let script = "echo 'out line'; echo 'disk full: /var/data' >&2; exit 4"
        let result = await StepFixtures.runner(in: directory).run(StepFixtures.invocation([script], shell: true))
        #expect(result.status == .failed)
        #expect(result.exitStatus.exitCode == "FAILED")
        #expect(result.termination == .exited(4))
        let description = result.exitStatus.exitDescription
        #expect(description.contains("exited with code 4"))
        let stderrAt = try #require(description.range(of: "disk full: /var/data"))
        let stdoutAt = try #require(description.range(of: "out line"))
        #expect(stderrAt.lowerBound < stdoutAt.lowerBound)
    }

    @Test("the description never exceeds 2,500 UTF-16 units, even with multi-byte output")
    func descriptionLimit() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let script =
            "i=0; while [ $i -lt 400 ]; do echo \"ligne $i: déjà vu 🚀 ok\"; echo \"erreur $i 😀\" >&2; i=$((i+1)); done; exit 1"
        let result = await StepFixtures.runner(in: directory) {
            $0.tailBytes = 64 * 1024
            $0.tailLines = 10_000
        }
        .run(StepFixtures.invocation([script], shell: true))
        let description = result.exitStatus.exitDescription
        #expect(result.status == .failed)
        #expect(description.utf16.count <= ExitStatus.maxDescriptionLength)
        #expect(description.utf16.count > 2000)
        #expect(description.contains("erreur 399 😀"))
        #expect(description.contains("ligne 399: déjà vu 🚀 ok"))
        #expect(!description.contains("\u{FFFD}"))
    }

    @Test("the environment holds job parameters, ids, the step env and the context file path")
    func environment() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        var invocation = StepFixtures.invocation(["/usr/bin/env"]) { $0.environment = ["REGION": "eu-west"] }
        invocation.parameters = JobParameters()
            .adding("run.id", .long(7))
            .adding("input", .string("/data/in file.csv"), identifying: false)
        let result = await StepFixtures.runner(in: directory) { $0.baseEnvironment = ["PATH": "/usr/bin:/bin"] }
            .run(invocation)
        #expect(result.status == .completed)
        let lines = Set(StepFixtures.contents(result.logFiles?.standardOutput).split(separator: "\n").map(String.init))
        for expected in [
            "BATCH_PARAM_run_id=7", "BATCH_PARAM_input=/data/in file.csv", "BATCH_JOB_NAME=nightly",
            "BATCH_JOB_INSTANCE_ID=11", "BATCH_JOB_EXECUTION_ID=22", "BATCH_STEP_NAME=load",
            "BATCH_STEP_EXECUTION_ID=33", "BATCH_STEP_ATTEMPT=1", "REGION=eu-west", "PATH=/usr/bin:/bin",
        ] {
            #expect(lines.contains(expected), "missing \(expected)")
        }
        let contextFile = StepFixtures.runner(in: directory).contextFile(for: invocation).path
        #expect(lines.contains("BATCH_STEP_CONTEXT_FILE=\(contextFile)"))
    }

    @Test("the ids win over a step env that tries to set them")
    func idsWin() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let invocation = StepFixtures.invocation(["/bin/sh", "-c", "echo $BATCH_JOB_EXECUTION_ID"]) {
            $0.environment = ["BATCH_JOB_EXECUTION_ID": "999"]
        }
        let result = await StepFixtures.runner(in: directory).run(invocation)
        #expect(StepFixtures.contents(result.logFiles?.standardOutput) == "22\n")
    }

    @Test("argv with spaces, quotes and shell characters is passed verbatim without a shell")
    func argvVerbatim() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let arguments = ["two words", "it's \"quoted\"", "$HOME", "*", "a;b|c", ""]
        let invocation = StepFixtures.invocation(
            ["/bin/sh", "-c", "for a in \"$@\"; do echo \"[$a]\"; done", "sh"] + arguments
        )
        let result = await StepFixtures.runner(in: directory).run(invocation)
        #expect(result.status == .completed)
        #expect(StepFixtures.contents(result.logFiles?.standardOutput) == arguments.map { "[\($0)]\n" }.joined())
    }

    @Test("without shell: true a command line is not interpreted")
    func noShellByDefault() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let result = await StepFixtures.runner(in: directory).run(
            StepFixtures.invocation(["/bin/echo", "a && echo b > x"])
        )
        #expect(StepFixtures.contents(result.logFiles?.standardOutput) == "a && echo b > x\n")
    }

    @Test("shell: true runs the command through /bin/sh -c, extra elements as $1…")
    func shellWhenAsked() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let result = await StepFixtures.runner(in: directory)
            .run(StepFixtures.invocation(["echo \"$0:$1\" && echo second", "arg one"], shell: true))
        #expect(result.status == .completed)
        #expect(StepFixtures.contents(result.logFiles?.standardOutput) == "load:arg one\nsecond\n")
    }

    @Test("the working directory is honored, and a program name is found on the step's PATH")
    func workingDirectory() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let work = directory.file("work dir")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let invocation = StepFixtures.invocation(["pwd"]) { $0.workingDirectory = work.path }
        let result = await StepFixtures.runner(in: directory).run(invocation)
        #expect(result.status == .completed)
        let printed = StepFixtures.contents(result.logFiles?.standardOutput).trimmingCharacters(in: .newlines)
        #expect(URL(fileURLWithPath: printed).resolvingSymlinksInPath().path == work.resolvingSymlinksInPath().path)
    }

    @Test("a missing program or working directory is FAILED with a clear error, not retried")
    func cannotStart() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let runner = StepFixtures.runner(in: directory)
        let missing = await runner.run(StepFixtures.invocation(["no-such-program-xyz"]) { $0.retries = 3 })
        #expect(missing.status == .failed)
        #expect(missing.attempts.count == 1)
        #expect(missing.error?.code == .commandNotFound)
        #expect(missing.exitStatus.exitDescription.contains("no-such-program-xyz"))
        #expect(missing.termination == nil)

        let badDirectory = await runner.run(
            StepFixtures.invocation(["/bin/echo"]) { $0.workingDirectory = directory.file("nope").path }
        )
        #expect(badDirectory.status == .failed)
        #expect(badDirectory.error?.code == .spawnFailed)
    }

    @Test("the exit-code map turns 3 into NOOP COMPLETED and other codes into custom failures")
    func exitCodeMap() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let runner = StepFixtures.runner(in: directory)
        let map: ExitCodeMapping = [
            3: .init(status: .completed, exitCode: "NOOP"),
            5: .init(status: .failed, exitCode: "FAILED_UPSTREAM_MISSING"),
        ]
        var noop = StepFixtures.invocation(["exit 3"], shell: true) { $0.retries = 2 }
        noop.exitCodes = map
        let noopResult = await runner.run(noop)
        #expect(noopResult.status == .completed)
        #expect(noopResult.exitStatus.exitCode == "NOOP")
        #expect(noopResult.attempts.count == 1)

        var upstream = StepFixtures.invocation(["exit 5"], shell: true)
        upstream.exitCodes = map
        let upstreamResult = await runner.run(upstream)
        #expect(upstreamResult.status == .failed)
        #expect(upstreamResult.exitStatus.exitCode == "FAILED_UPSTREAM_MISSING")
    }

    @Test("a failed step is retried the configured number of times with backoff on the clock")
    func retries() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let clock = RecordingClock()
        let runner = StepFixtures.runner(in: directory, clock: clock) {
            $0.retryBackoff = RetryBackoff(initial: .seconds(30), multiplier: 2, maximum: .seconds(100))
        }
        let counter = directory.file("count")
        let invocation = StepFixtures.invocation(
            ["echo \"$BATCH_STEP_ATTEMPT\" >> '\(counter.path)'; exit 1"],
            shell: true
        ) {
            $0.retries = 3
        }
        let result = await runner.run(invocation)
        #expect(result.status == .failed)
        #expect(result.attempts.map(\.number) == [1, 2, 3, 4])
        #expect(StepFixtures.contents(counter) == "1\n2\n3\n4\n")
        #expect(clock.sleeps == [.seconds(30), .seconds(60), .seconds(100)])
        #expect(result.attempts[3].logFiles?.standardOutput.lastPathComponent == "22-33-load.attempt4.stdout.log")
    }

    @Test("a retry that succeeds ends COMPLETED")
    func retryThenSucceed() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let invocation = StepFixtures.invocation(["[ \"$BATCH_STEP_ATTEMPT\" -ge 2 ]"], shell: true) { $0.retries = 5 }
        let result = await StepFixtures.runner(in: directory, clock: RecordingClock()).run(invocation)
        #expect(result.status == .completed)
        #expect(result.attempts.map(\.status) == [.failed, .completed])
    }
}
