import BatchwireCore
import BatchwireStore
import Foundation
import Testing

@Suite("JobExplorer")
struct ExplorerTests {
    @Test("every explorer method, with paging", arguments: TestBackend.allCases)
    func explorer(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            let repository = t.repository
            let explorer = t.explorer
            #expect(try await explorer.getJobNames() == [])
            var instances: [JobInstance] = []
            for run in 1...5 {
                let execution = try await repository.createJobExecution(jobName: "beta", parameters: Fixtures.parameters(run: Int64(run)))
                instances.append(execution.jobInstance)
                if run < 5 { _ = try await repository.finish(execution, run == 2 ? .failed : .completed) }
            }
            let alpha = try await repository.createJobExecution(jobName: "alpha", parameters: Fixtures.parameters(run: 1))
            var step = try await repository.createStepExecution(stepName: "extract", jobExecutionID: alpha.id)
            step.readCount = 12
            try await repository.update(&step)
            _ = try await repository.createStepExecution(stepName: "load", jobExecutionID: alpha.id)

            #expect(try await explorer.getJobNames() == ["alpha", "beta"])
            #expect(try await explorer.getJobInstanceCount(jobName: "beta") == 5)
            let missing = await #expect(throws: StoreError.self) { _ = try await explorer.getJobInstanceCount(jobName: "nope") }
            #expect(missing?.code == .noSuchJob)

            let ids = instances.map(\.id)
            #expect(try await explorer.getJobInstances(jobName: "beta", start: 0, count: 2).map(\.id) == [ids[4], ids[3]])
            #expect(try await explorer.getJobInstances(jobName: "beta", start: 2, count: 2).map(\.id) == [ids[2], ids[1]])
            #expect(try await explorer.getJobInstances(jobName: "beta", start: 4, count: 10).map(\.id) == [ids[0]])
            #expect(try await explorer.getJobInstances(jobName: "beta", start: 9, count: 10).isEmpty)
            #expect(try await explorer.getLastJobInstance(jobName: "beta") == instances[4])
            #expect(try await explorer.getLastJobInstance(jobName: "nope") == nil)
            #expect(try await explorer.getJobInstance(id: ids[1]) == instances[1])
            #expect(try await explorer.getJobInstance(id: 999_999) == nil)
            #expect(try await explorer.getJobInstance(jobName: "beta", parameters: Fixtures.parameters(run: 3)) == instances[2])

            let loaded = try #require(try await explorer.getJobExecution(id: alpha.id))
            #expect(loaded.jobInstance == alpha.jobInstance)
            #expect(loaded.jobParameters == Fixtures.parameters(run: 1))
            #expect(loaded.stepExecutions.map(\.stepName) == ["extract", "load"])
            #expect(loaded.stepExecutions[0].readCount == 12)
            #expect(loaded.stepExecutions[0].version == 1)
            #expect(try await explorer.getJobExecution(id: 999_999) == nil)

            let fetchedStep = try #require(try await explorer.getStepExecution(jobExecutionID: alpha.id, stepExecutionID: step.id))
            #expect(fetchedStep.stepName == "extract")
            #expect(fetchedStep.readCount == 12)
            #expect(try await explorer.getStepExecution(jobExecutionID: alpha.id + 1, stepExecutionID: step.id) == nil)

            // A second execution of instance 2 (which failed) to check ordering.
            let restart = try await repository.createJobExecution(jobName: "beta", parameters: Fixtures.parameters(run: 2))
            let executions = try await explorer.getJobExecutions(jobInstance: instances[1])
            #expect(executions.count == 2)
            #expect(executions[0].id == restart.id)
            #expect(executions[1].status == .failed)
            #expect(try await explorer.getLastJobExecution(jobInstance: instances[1])?.id == restart.id)

            let running = try await explorer.findRunningJobExecutions(jobName: "beta")
            #expect(Set(running.map(\.id)) == Set([restart.id, try #require(try await explorer.getLastJobExecution(jobInstance: instances[4])).id]))
            #expect(try await explorer.findRunningJobExecutions(jobName: "alpha").map(\.id) == [alpha.id])

            #expect(try await explorer.getJobExecutionCount(jobName: "beta") == 6)
            let page = try await explorer.getJobExecutions(jobName: "beta", start: 1, count: 2)
            #expect(page.count == 2)
            #expect(page[0].id < restart.id)
            #expect(page[0].id > page[1].id)
        }
    }
}
