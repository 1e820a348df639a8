import BatchwireCore
import BatchwireRuntime
import Foundation

/// One execution in full: what `GET /api/v1/executions/{id}` returns and the execution page shows.
public struct ExecutionDetailView: Sendable, Codable, Hashable {
    /// The execution's row.
    public let execution: ExecutionView
    /// The exit description (Spring's `EXIT_MESSAGE`).
    public let exitDescription: String
    /// When the row was last updated.
    public let lastUpdated: String?
    /// Every parameter.
    public let parameters: [ParameterView]
    /// The job's execution context.
    public let context: [ContextEntryView]
    /// Each step, by id.
    public let steps: [StepView]
    /// Whether a restart would be accepted as far as the dashboard can tell: the status is FAILED or STOPPED,
    /// this is its instance's newest execution (Spring restarts an instance from its last execution), and the
    /// job is registered here and restartable. The page shows the restart button only then.
    public let canRestart: Bool

    /// A parameter as Spring's notation writes it.
    public struct ParameterView: Sendable, Codable, Hashable {
        /// The name.
        public let name: String
        /// The Java class (`java.lang.String`, …).
        public let type: String
        /// The value as stored.
        public let value: String
        /// Whether it identifies the instance.
        public let identifying: Bool
    }

    /// One context entry as Java's `toString()` renders it.
    public struct ContextEntryView: Sendable, Codable, Hashable {
        /// The key.
        public let key: String
        /// The value as text; classes Batchwire cannot read are named.
        public let value: String
    }

    /// One step execution.
    public struct StepView: Sendable, Codable, Hashable {
        /// `STEP_EXECUTION_ID`.
        public let id: Int64
        /// The step's name.
        public let name: String
        /// Its batch status.
        public let status: String
        /// Its exit code and description.
        public let exitCode: String
        /// Its exit message.
        public let exitDescription: String
        /// When it started and ended.
        public let startTime: String?
        /// When it ended.
        public let endTime: String?
        /// Its duration as text.
        public let duration: String
        /// Spring's counts.
        public let readCount: Int64
        /// Items written.
        public let writeCount: Int64
        /// Chunks committed.
        public let commitCount: Int64
        /// Items filtered.
        public let filterCount: Int64
        /// Items skipped (read, process and write).
        public let skipCount: Int64
        /// Rollbacks.
        public let rollbackCount: Int64
        /// The step's execution context.
        public let context: [ContextEntryView]
        /// The end of its standard output and error (command steps, on the node that ran them); `nil` when no
        /// log file was found here or the step wrote nothing.
        public let logTail: String?
    }

    init(_ execution: JobExecution, canRestart: Bool, logDirectory: URL?, logTailLines: Int) {
        self.execution = ExecutionView(execution)
        self.canRestart = canRestart
        exitDescription = execution.exitStatus.exitDescription
        lastUpdated = DashboardFormat.wallClock(execution.lastUpdated)
        parameters = execution.jobParameters.map { name, parameter in
            ParameterView(
                name: name, type: parameter.databaseType, value: parameter.databaseValue,
                identifying: parameter.isIdentifying)
        }
        context = Self.entries(execution.executionContext)
        steps = execution.stepExecutions.map { step in
            StepView(
                id: step.id, name: step.stepName, status: step.status.name, exitCode: step.exitStatus.exitCode,
                exitDescription: step.exitStatus.exitDescription, startTime: DashboardFormat.wallClock(step.startTime),
                endTime: DashboardFormat.wallClock(step.endTime),
                duration: DashboardFormat.duration(
                    milliseconds: DashboardFormat.milliseconds(step.startTime, step.endTime)),
                readCount: step.readCount, writeCount: step.writeCount, commitCount: step.commitCount,
                filterCount: step.filterCount, skipCount: step.skipCount, rollbackCount: step.rollbackCount,
                context: Self.entries(step.executionContext),
                logTail: logDirectory.flatMap {
                    Self.logTail(directory: $0, execution: execution.id, step: step, lines: logTailLines)
                })
        }
    }

    static func entries(_ context: ExecutionContext) -> [ContextEntryView] {
        context.map { ContextEntryView(key: $0.0, value: $0.1.javaDescription) }
            + context.unreadableEntries.map { key, classNames in
                ContextEntryView(
                    key: key, value: "(holds \(classNames.joined(separator: ", ")), which Batchwire cannot read)")
            }
    }

    /// The last lines of the step's newest attempt: standard output, then standard error.
    static func logTail(directory: URL, execution: Int64, step: StepExecution, lines: Int) -> String? {
        guard
            let files = StepLogFiles.existingAttempts(
                in: directory, jobExecutionID: execution, stepExecutionID: step.id, stepName: step.stepName
            ).last
        else { return nil }
        let output = LogTail(of: files.standardOutput, maximumBytes: 16_384, maximumLines: lines).text
        let errors = LogTail(of: files.standardError, maximumBytes: 16_384, maximumLines: lines).text
        if errors.isEmpty { return output.isEmpty ? nil : output }
        return output + (output.isEmpty ? "" : "\n") + "[stderr]\n" + errors
    }
}
