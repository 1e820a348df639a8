import ArgumentParser
import BatchwireCore
import BatchwireRuntime
import Foundation

/// `batchwire instances <job>`: the job's instances, newest first.
struct InstancesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "instances", abstract: "List a job's instances, newest first.", discussion: CommandExit.discussion
    )

    @OptionGroup var options: ConfigurationOptions
    @Argument(help: "The job's name.") var job: String
    @Option(help: "How many to show.") var count: Int = 20
    @Option(help: "How many of the newest to skip.") var start: Int = 0
    @Flag(help: "Print JSON for scripts.") var json = false

    func run() async throws {
        try await OperatorSession.run(options) { session in
            let ids = try await session.jobOperator.getJobInstances(jobName: job, start: start, count: count)
            var rows: [ExecutionRendering.InstanceJSON] = []
            for id in ids {
                guard let instance = try await session.store.explorer.getJobInstance(id: id) else { continue }
                let executions = try await session.store.explorer.getJobExecutions(
                    jobInstance: instance, includingContexts: false)
                rows.append(
                    ExecutionRendering.InstanceJSON(
                        id: id, jobName: instance.jobName, jobKey: instance.jobKey, executions: executions.count,
                        lastExecutionId: executions.first?.id, lastStatus: executions.first?.status.name))
            }
            if json {
                try ExecutionRendering.printJSON(rows)
            } else if rows.isEmpty {
                print("job \(job) has no instances yet")
            } else {
                ExecutionRendering.printInstances(rows)
            }
        }
    }
}

/// `batchwire executions <job>`: the job's executions across its instances, newest first.
struct ExecutionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "executions", abstract: "List a job's executions, newest first.",
        discussion: CommandExit.discussion)

    @OptionGroup var options: ConfigurationOptions
    @Argument(help: "The job's name.") var job: String
    @Option(help: "How many to show.") var count: Int = 20
    @Option(help: "How many of the newest to skip.") var start: Int = 0
    @Flag(help: "Print JSON for scripts.") var json = false

    func run() async throws {
        try await OperatorSession.run(options) { session in
            let executions = try await session.store.explorer.getJobExecutions(
                jobName: job, start: start, count: count, includingContexts: false)
            if executions.isEmpty && session.registry.job(named: job) == nil {
                // The operator's error carries the closest job names.
                _ = try await session.jobOperator.getJobInstances(jobName: job, start: 0, count: 1)
            }
            if json {
                try ExecutionRendering.printJSON(executions.map(ExecutionRendering.json))
            } else if executions.isEmpty {
                print("job \(job) has no executions yet")
            } else {
                ExecutionRendering.printExecutions(executions)
            }
        }
    }
}

/// `batchwire show <execution>`: one execution with its parameters and steps.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show an execution: status, parameters, steps and their exit messages.",
        discussion: CommandExit.discussion)

    @OptionGroup var options: ConfigurationOptions
    @Argument(help: "The execution id.") var execution: Int64
    @Flag(help: "Print JSON for scripts.") var json = false

    func run() async throws {
        try await OperatorSession.run(options) { session in
            // The execution is found without its contexts, so that a context that cannot be read is
            // reported, not fatal.
            guard let found = try await session.store.explorer.getJobExecution(id: execution, includingContexts: false)
            else {
                _ = try await session.jobOperator.getExecution(executionId: execution)  // says it does not exist
                return
            }
            if json {
                try ExecutionRendering.printJSON(ExecutionRendering.json(found))
                return
            }
            ExecutionRendering.printDetail(found)
            do {
                if let withContexts = try await session.store.explorer.getJobExecution(id: execution) {
                    ExecutionRendering.printContexts(withContexts)
                }
            } catch {
                print("\ncontexts: cannot be read: \(error)")
            }
        }
    }
}
