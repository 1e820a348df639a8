import BatchwireCore
import BatchwireRuntime
import BatchwireStore
import Foundation
import Testing

/// A Swift step that fails until its context says it ran once, counting its runs in the context.
struct FlakyStep: SwiftStep {
    func run(context: StepContext) async throws -> StepOutcome {
        var state = context.executionContext
        let runs = (state.long(forKey: "runs") ?? 0) + 1
        state["runs"] = .long(runs)
        if runs < 2 { return .init(status: .failed, exitStatus: .failed, context: state) }
        return .init(status: .completed, exitStatus: .completed, context: state)
    }
}

/// Adds a parameter named after the fire time's absence, to show custom incrementers are used.
struct TaggingIncrementer: JobParametersIncrementer {
    func next(after previous: JobParameters, context: IncrementerContext) async throws -> JobParameters {
        let count = previous["count"].flatMap { Int64($0.value.javaToString()) } ?? 0
        return JobParameters().adding("count", .long(count + 10))
    }
}

@Suite("Launcher: incrementers and Swift steps")
struct LaunchIncrementerTests {
    @Test("run-id carries non-identifying parameters, or drops them when asked")
    func runIDCarries() async throws {
        let fixture = try await LaunchFixture.make()
        let store = fixture.store
        let context = IncrementerContext(jobName: "j", fireTime: nil, store: store, now: Date())
        let previous = JobParameters().adding("run.id", .long(4)).adding("note", .string("x"), identifying: false)
        let carried = try await RunIDIncrementer().next(after: previous, context: context)
        #expect(carried["run.id"] == JobParameter(.long(5)))
        #expect(carried["note"] == JobParameter(.string("x"), identifying: false))
        let dropped = try await RunIDIncrementer(dropsNonIdentifying: true).next(after: previous, context: context)
        #expect(dropped["note"] == nil)
        #expect(dropped["run.id"] == JobParameter(.long(5)))
        let first = try await RunIDIncrementer().next(after: JobParameters(), context: context)
        #expect(first["run.id"] == JobParameter(.long(1)))
        await fixture.cleanUp()
    }

    @Test("a custom incrementer given to the operator replaces the job file's")
    func customIncrementer() async throws {
        let fixture = try await LaunchFixture.make()
        try fixture.register("custom", steps: [("only", "exit 0")], incrementer: .none)
        let base = fixture.makeOperator()
        let jobOperator = JobOperator(
            launcher: base.launcher, registry: fixture.registry, incrementers: ["custom": TaggingIncrementer()])
        let one = try await jobOperator.startNextInstance(jobName: "custom")
        _ = try await finished(jobOperator, one.id)
        let two = try await jobOperator.startNextInstance(jobName: "custom")
        _ = try await finished(jobOperator, two.id)
        #expect(one.jobParameters["count"] == JobParameter(.long(10)))
        #expect(two.jobParameters["count"] == JobParameter(.long(20)))
        await fixture.cleanUp()
    }

    @Test("a restart resumes at the failed Swift step and hands back its context")
    func swiftStepContext() async throws {
        let fixture = try await LaunchFixture.make()
        try fixture.register("swifty", steps: [("prepare", "exit 0"), ("flaky", "exit 99")])
        let jobOperator = fixture.makeOperator { configuration in
            configuration.swiftSteps["swifty/flaky"] = FlakyStep()
        }
        let first = try await finished(
            jobOperator, try await jobOperator.start(jobName: "swifty", parameters: ["n=1"]).id)
        #expect(first.status == .failed)
        let second = try await finished(jobOperator, try await jobOperator.restart(executionId: first.id).id)
        #expect(second.status == .completed)
        let stored = try #require(try await fixture.store.explorer.getJobExecution(id: second.id))
        #expect(stored.stepExecutions.map(\.stepName) == ["flaky"])
        #expect(stored.stepExecutions.first?.executionContext.long(forKey: "runs") == 2)
        await fixture.cleanUp()
    }

    @Test("job file parameters fill in what start leaves out")
    func declaredParameters() async throws {
        let fixture = try await LaunchFixture.make()
        try fixture.register("declared", steps: [("only", "exit 0")]) { job in
            job.parameters = [
                ParameterDefinition(name: "region", type: "string", value: "eu", identifying: true),
                ParameterDefinition(name: "day", type: "local-date", value: "2026-11-22", identifying: false),
            ]
        }
        let jobOperator = fixture.makeOperator()
        let execution = try await jobOperator.start(jobName: "declared", parameters: ["region=us"])
        _ = try await finished(jobOperator, execution.id)
        #expect(execution.jobParameters["region"] == JobParameter(.string("us")))
        #expect(execution.jobParameters["day"]?.isIdentifying == false)
        await fixture.cleanUp()
    }
}
