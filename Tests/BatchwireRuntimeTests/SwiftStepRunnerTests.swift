import BatchwireCore
import Foundation
import Testing

@testable import BatchwireRuntime

@Suite("Swift steps")
struct SwiftStepRunnerTests {
    private struct Counting: SwiftStep {
        func run(context: StepContext) async throws -> StepOutcome {
            var state = context.executionContext
            let offset = state.long(forKey: "offset") ?? 0
            state["offset"] = .long(offset + 10)
            state["run"] = .string(context.parameters["run.id"]?.value.databaseValue ?? "")
            return .completed(context: state)
        }
    }

    private struct Failing: SwiftStep {
        struct Broken: Error, CustomStringConvertible {
            var description: String { "upstream table is empty; load it first" }
        }
        func run(context: StepContext) async throws -> StepOutcome { throw Broken() }
    }

    private struct Waiting: SwiftStep {
        func run(context: StepContext) async throws -> StepOutcome {
            try await Task.sleep(for: .seconds(600))
            return .completed()
        }
    }

    private func context(_ previous: ExecutionContext = ExecutionContext(), stop: StepStopSignal = StepStopSignal())
        -> StepContext
    {
        StepContext(
            jobName: "nightly",
            jobInstanceID: 1,
            jobExecutionID: 2,
            stepName: "index",
            stepExecutionID: 3,
            parameters: JobParameters().adding("run.id", .long(4)),
            executionContext: previous,
            logger: StepFixtures.logger,
            stopSignal: stop
        )
    }

    @Test("a returned outcome is the result, with its context")
    func completes() async {
        let result = await SwiftStepRunner().run(Counting(), context: context(ExecutionContext([("offset", .long(5))])))
        #expect(result.status == .completed)
        #expect(result.exitStatus == .completed)
        #expect(result.context == ExecutionContext([("offset", .long(15)), ("run", .string("4"))]))
    }

    @Test("a thrown error is FAILED with the error in the description, keeping the previous context")
    func fails() async {
        let previous = ExecutionContext([("offset", .long(5))])
        let result = await SwiftStepRunner().run(Failing(), context: context(previous))
        #expect(result.status == .failed)
        #expect(result.exitStatus.exitDescription.contains("upstream table is empty"))
        #expect(result.context == previous)
    }

    @Test("stop() cancels the step and it ends STOPPED")
    func stops() async {
        let stop = StepStopSignal()
        async let pending = SwiftStepRunner().run(Waiting(), context: context(stop: stop))
        stop.stop()
        let result = await pending
        #expect(result.status == .stopped)
        #expect(result.exitStatus.exitCode == "STOPPED")
    }

    @Test("a long outcome description is cut to 2,500")
    func truncates() async {
        struct Verbose: SwiftStep {
            func run(context: StepContext) async throws -> StepOutcome {
                .failed(String(repeating: "é🚀", count: 3000))
            }
        }
        let result = await SwiftStepRunner().run(Verbose(), context: context())
        #expect(result.exitStatus.exitDescription.utf16.count <= ExitStatus.maxDescriptionLength)
    }
}
