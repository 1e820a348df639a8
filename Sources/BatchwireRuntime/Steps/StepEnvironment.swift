import BatchwireCore
import Foundation

/// The environment a command step starts with.
///
/// Later layers win: the base environment (normally Batchwire's own), the step's `env`, the job
/// parameters as `BATCH_PARAM_<name>`, then Batchwire's ids, which a step cannot override.
public enum StepEnvironment {
    /// `BATCH_JOB_NAME`.
    public static let jobName = "BATCH_JOB_NAME"
    /// `BATCH_JOB_INSTANCE_ID`.
    public static let jobInstanceID = "BATCH_JOB_INSTANCE_ID"
    /// `BATCH_JOB_EXECUTION_ID`.
    public static let jobExecutionID = "BATCH_JOB_EXECUTION_ID"
    /// `BATCH_STEP_NAME`.
    public static let stepName = "BATCH_STEP_NAME"
    /// `BATCH_STEP_EXECUTION_ID`.
    public static let stepExecutionID = "BATCH_STEP_EXECUTION_ID"
    /// `BATCH_STEP_ATTEMPT`: 1 for the first try, 2 for the first retry…
    public static let attempt = "BATCH_STEP_ATTEMPT"
    /// `BATCH_STEP_CONTEXT_FILE`: the JSON file holding the previous context, where the step may write its own.
    public static let contextFile = "BATCH_STEP_CONTEXT_FILE"
    /// The prefix of job parameter variables.
    public static let parameterPrefix = "BATCH_PARAM_"

    /// The variable name of a job parameter: `BATCH_PARAM_` and the name with every character other
    /// than an ASCII letter, digit or `_` replaced by `_` (`run.id` → `BATCH_PARAM_run_id`).
    public static func parameterVariable(_ name: String) -> String {
        let safe = name.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_")
                ? Character(scalar) : "_"
        }
        return parameterPrefix + String(safe)
    }

    /// The full environment of one attempt.
    ///
    /// - Parameters:
    ///   - base: the environment to start from.
    ///   - invocation: the step, ids and parameters.
    ///   - contextFile: the context file's path.
    ///   - attempt: the attempt number.
    /// - Returns: name → value.
    public static func build(
        base: [String: String],
        invocation: CommandStepInvocation,
        contextFile: URL,
        attempt: Int
    ) -> [String: String] {
        var environment = base
        environment.merge(invocation.step.environment) { _, step in step }
        for (name, parameter) in invocation.parameters {
            environment[parameterVariable(name)] = parameter.value.databaseValue
        }
        environment[Self.jobName] = invocation.jobName
        environment[Self.jobInstanceID] = String(invocation.jobInstanceID)
        environment[Self.jobExecutionID] = String(invocation.jobExecutionID)
        environment[Self.stepName] = invocation.step.name
        environment[Self.stepExecutionID] = String(invocation.stepExecutionID)
        environment[Self.attempt] = String(attempt)
        environment[Self.contextFile] = contextFile.path
        return environment
    }
}
