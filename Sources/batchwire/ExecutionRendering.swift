import BatchwireCore
import BatchwireRuntime
import Foundation

/// Tables for people and JSON for scripts, for executions and instances.
enum ExecutionRendering {
    struct ParameterJSON: Codable {
        var name: String
        var type: String
        var value: String
        var identifying: Bool
    }

    struct StepJSON: Codable {
        var id: Int64
        var name: String
        var status: String
        var exitCode: String
        var exitDescription: String
        var startTime: String?
        var endTime: String?
    }

    struct ExecutionJSON: Codable {
        var id: Int64
        var jobName: String
        var instanceId: Int64
        var version: Int64
        var status: String
        var exitCode: String
        var exitDescription: String
        var createTime: String
        var startTime: String?
        var endTime: String?
        var lastUpdated: String?
        var parameters: [ParameterJSON]
        var steps: [StepJSON]
    }

    struct InstanceJSON: Codable {
        var id: Int64
        var jobName: String
        var jobKey: String
        var executions: Int
        var lastExecutionId: Int64?
        var lastStatus: String?
    }

    static func json(_ execution: JobExecution) -> ExecutionJSON {
        ExecutionJSON(
            id: execution.id, jobName: execution.jobName, instanceId: execution.jobInstance.id,
            version: execution.version, status: execution.status.name, exitCode: execution.exitStatus.exitCode,
            exitDescription: execution.exitStatus.exitDescription, createTime: execution.createTime.isoString,
            startTime: execution.startTime?.isoString, endTime: execution.endTime?.isoString,
            lastUpdated: execution.lastUpdated?.isoString,
            parameters: execution.jobParameters.map { name, parameter in
                ParameterJSON(
                    name: name, type: parameter.databaseType, value: parameter.databaseValue,
                    identifying: parameter.isIdentifying)
            },
            steps: execution.stepExecutions.map { step in
                StepJSON(
                    id: step.id, name: step.stepName, status: step.status.name, exitCode: step.exitStatus.exitCode,
                    exitDescription: step.exitStatus.exitDescription, startTime: step.startTime?.isoString,
                    endTime: step.endTime?.isoString)
            })
    }

    static func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// One execution in detail: header, parameters, steps.
    static func printDetail(_ execution: JobExecution) {
        print("Execution \(execution.id) of job \(execution.jobName) (instance \(execution.jobInstance.id))")
        print("  status      \(execution.status)  exit \(execution.exitStatus.exitCode)")
        print("  created     \(execution.createTime)")
        print("  started     \(execution.startTime.map { "\($0)" } ?? "-")")
        print(
            "  ended       \(execution.endTime.map { "\($0)" } ?? "-")  \(duration(execution.startTime, execution.endTime))"
        )
        if !execution.exitStatus.exitDescription.isEmpty {
            print("  exit message:")
            for line in execution.exitStatus.exitDescription.split(separator: "\n", omittingEmptySubsequences: false) {
                print("    \(line)")
            }
        }
        if !execution.jobParameters.isEmpty {
            print("  parameters:")
            for (name, parameter) in execution.jobParameters {
                print("    \(JobParameters.springNotation(name: name, parameter: parameter))")
            }
        }
        guard !execution.stepExecutions.isEmpty else {
            print("  no step ran in this execution")
            return
        }
        print("")
        printTable(
            ["STEP ID", "STEP", "STATUS", "EXIT", "STARTED", "DURATION"],
            execution.stepExecutions.map { step in
                [
                    "\(step.id)", step.stepName, step.status.name, step.exitStatus.exitCode,
                    step.startTime.map { "\($0)" } ?? "-", duration(step.startTime, step.endTime),
                ]
            })
        for step in execution.stepExecutions where step.status != .completed && !step.exitStatus.exitDescription.isEmpty
        {
            print("\nstep \(step.stepName) (\(step.status)):")
            print(step.exitStatus.exitDescription)
        }
    }

    /// The job's and each step's context, one key a line; values of Java classes Batchwire cannot read
    /// are named by class.
    static func printContexts(_ execution: JobExecution) {
        printContext("job context", execution.executionContext)
        for step in execution.stepExecutions {
            printContext("step \(step.stepName) (\(step.id)) context", step.executionContext)
        }
    }

    private static func printContext(_ title: String, _ context: ExecutionContext) {
        guard !context.isEmpty else { return }
        print("\n\(title):")
        for (key, value) in context {
            print("  \(key) = \(value.javaDescription)")
        }
        for (key, classNames) in context.unreadableEntries {
            print(
                "  (\(key) holds \(classNames.joined(separator: ", ")), which Batchwire cannot read; it is kept as is)")
        }
    }

    /// Executions, one a row.
    static func printExecutions(_ executions: [JobExecution]) {
        printTable(
            ["EXECUTION", "INSTANCE", "STATUS", "EXIT", "STARTED", "DURATION"],
            executions.map { execution in
                [
                    "\(execution.id)", "\(execution.jobInstance.id)", execution.status.name,
                    execution.exitStatus.exitCode, execution.startTime.map { "\($0)" } ?? "-",
                    duration(execution.startTime, execution.endTime),
                ]
            })
    }

    /// Instances, one a row.
    static func printInstances(_ instances: [InstanceJSON]) {
        printTable(
            ["INSTANCE", "EXECUTIONS", "LAST EXECUTION", "LAST STATUS", "JOB KEY"],
            instances.map { instance in
                [
                    "\(instance.id)", "\(instance.executions)", instance.lastExecutionId.map { "\($0)" } ?? "-",
                    instance.lastStatus ?? "-", instance.jobKey,
                ]
            })
    }

    static func printTable(_ header: [String], _ rows: [[String]]) {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        print(line(header))
        for row in rows { print(line(row)) }
    }

    static func duration(_ start: LocalDateTime?, _ end: LocalDateTime?) -> String {
        guard let start, let end else { return start == nil ? "-" : "running" }
        let seconds = end.instant(offsetSeconds: 0).timeIntervalSince(start.instant(offsetSeconds: 0))
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let whole = Int(seconds)
        return whole < 3600 ? "\(whole / 60)m\(whole % 60)s" : "\(whole / 3600)h\(whole % 3600 / 60)m"
    }
}
