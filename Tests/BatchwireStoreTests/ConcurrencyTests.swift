import BatchwireCore
import BatchwireStore
import Foundation
import Testing

@Suite("JobRepository under concurrent launchers")
struct ConcurrencyTests {
    /// Runs `count` launches at once; returns the executions that won and the errors of the others.
    static func launch(
        _ t: TestStore, count: Int, jobName: String, parameters: JobParameters
    ) async -> (wins: [JobExecution], errors: [any Error]) {
        await withTaskGroup(of: Result<JobExecution, any Error>.self) { group in
            for _ in 0..<count {
                group.addTask {
                    do {
                        return .success(try await t.repository.createJobExecution(jobName: jobName, parameters: parameters))
                    } catch {
                        return .failure(error)
                    }
                }
            }
            var wins: [JobExecution] = []
            var errors: [any Error] = []
            for await result in group {
                switch result {
                case .success(let execution): wins.append(execution)
                case .failure(let error): errors.append(error)
                }
            }
            return (wins, errors)
        }
    }

    static func codes(_ errors: [any Error]) -> [String] {
        errors.map { ($0 as? StoreError)?.code.description ?? "raw \(type(of: $0)): \($0)" }
    }

    @Test("20 concurrent first launches of one instance: exactly one wins, 19 get already-running", arguments: TestBackend.allCases)
    func twentyFirstLaunches(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            let parameters = Fixtures.parameters(run: 1)
            let (wins, errors) = await Self.launch(t, count: 20, jobName: "race", parameters: parameters)
            #expect(wins.count == 1)
            #expect(Self.codes(errors) == Array(repeating: "jobExecutionAlreadyRunning", count: 19))
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.jobInstance)") == "1")
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.jobExecution)") == "1")
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.jobExecutionParams)") == "2")
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.jobExecutionContext)") == "1")

            // Restart race after a failure: again exactly one wins, on the same instance.
            let winner = try #require(wins.first)
            _ = try await t.repository.finish(winner, .failed)
            let (restarts, restartErrors) = await Self.launch(t, count: 20, jobName: "race", parameters: parameters)
            #expect(restarts.count == 1)
            #expect(restarts.first?.jobInstance.id == winner.jobInstance.id)
            #expect(Self.codes(restartErrors) == Array(repeating: "jobExecutionAlreadyRunning", count: 19))

            // After completion every launcher is told the instance is complete.
            _ = try await t.repository.finish(try #require(restarts.first), .completed)
            let (late, lateErrors) = await Self.launch(t, count: 20, jobName: "race", parameters: parameters)
            #expect(late.isEmpty)
            #expect(Self.codes(lateErrors) == Array(repeating: "jobInstanceAlreadyComplete", count: 20))
        }
    }

    @Test("20 concurrent launches of different instances all succeed with distinct ids", arguments: TestBackend.allCases)
    func twentyDifferentInstances(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            let results = await withTaskGroup(of: Result<JobExecution, any Error>.self) { group in
                for run in 0..<20 {
                    group.addTask {
                        do {
                            return .success(
                                try await t.repository.createJobExecution(jobName: "many", parameters: Fixtures.parameters(run: Int64(run))))
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                var all: [Result<JobExecution, any Error>] = []
                for await result in group { all.append(result) }
                return all
            }
            let executions = results.compactMap { try? $0.get() }
            let failures = results.compactMap { result -> String? in
                if case .failure(let error) = result { return "\(error)" }
                return nil
            }
            #expect(executions.count == 20, "\(failures)")
            #expect(Set(executions.map(\.id)).count == 20)
            #expect(Set(executions.map(\.jobInstance.id)).count == 20)
            let jobSequence = try await t.raw.scalar("SELECT ID FROM \(t.names.jobSequence)")
            let executionSequence = try await t.raw.scalar("SELECT ID FROM \(t.names.jobExecutionSequence)")
            #expect(jobSequence == "20")
            #expect(executionSequence == "20")
        }
    }
}
