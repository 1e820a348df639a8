import BatchwireCore
import Foundation
import Testing

/// Issue 15, item 15: `batchwire logs <execution> [--step NAME] [--follow]` instead of finding files under `logs/`.
@Suite("batchwire logs", .serialized)
struct LogsCommandTests {
    static let jobs = """
        jobs:
          - name: chatty
            steps:
              - name: first
                command: ["/bin/sh", "-c", "echo hello out; echo hello err >&2"]
              - name: second
                command: ["/bin/sh", "-c", "echo second step"]
          - name: slow
            steps:
              - name: drip
                command: ["/bin/sh", "-c", "echo early line; sleep 2; echo late line"]
        """

    @Test("prints each step's stdout and stderr under a header; --step narrows; an unknown execution exits 3")
    func printsTheStepsOutput() async throws {
        let site = try await OperatorProcessTests.Site.make(sleep: 0)
        defer { site.cleanUp() }
        try Self.jobs.write(
            to: site.directory.appendingPathComponent("schedules/chatty.yaml"), atomically: true, encoding: .utf8)
        let (startStatus, startOutput) = try await site.run(["start", "chatty", "n=1"])
        #expect(startStatus == 0, "\(startOutput)")

        let (status, output) = try await site.run(["logs", "1"])
        #expect(status == 0, "\(output)")
        #expect(
            output == """
                ==> step first (step execution 1) stdout <==
                hello out

                ==> step first (step execution 1) stderr <==
                hello err

                ==> step second (step execution 2) stdout <==
                second step

                """)

        let (stepStatus, stepOutput) = try await site.run(["logs", "1", "--step", "second"])
        #expect(stepStatus == 0)
        #expect(stepOutput == "==> step second (step execution 2) stdout <==\nsecond step\n")

        let (noStep, noStepOutput) = try await site.run(["logs", "1", "--step", "third"])
        #expect(noStep == 3)
        #expect(noStepOutput.contains("its steps: first, second"), "\(noStepOutput)")
        let (missing, missingOutput) = try await site.run(["logs", "99"])
        #expect(missing == 3, "\(missingOutput)")
    }

    @Test("--follow prints output as the step writes it and returns when the execution ends")
    func followsARunningExecution() async throws {
        let site = try await OperatorProcessTests.Site.make(sleep: 0)
        defer { site.cleanUp() }
        try Self.jobs.write(
            to: site.directory.appendingPathComponent("schedules/chatty.yaml"), atomically: true, encoding: .utf8)
        let runner = try site.spawn(["start", "slow", "n=1"])
        let store = try await site.openStore()
        try await eventually("the step to start", within: 20) {
            try await store.explorer.getJobExecution(id: 1)?.stepExecutions.first?.status == .started
        }
        let (status, output) = try await site.run(["logs", "1", "--follow"])
        #expect(status == 0, "\(output)")
        #expect(output == "==> step drip (step execution 1) stdout <==\nearly line\nlate line\n")
        #expect(try await store.explorer.getJobExecution(id: 1)?.status == .completed, "follow returned after the end")
        #expect(await exitStatus(of: runner) == 0)
        await store.close()
    }
}
