import Foundation

/// The files one attempt of a command step writes its output to.
///
/// Named `<jobExecutionID>-<stepExecutionID>-<step name>[.attempt<n>].stdout.log` (and `.stderr.log`),
/// with characters other than letters, digits, `.`, `-` and `_` in the step name replaced by `_`.
public struct StepLogFiles: Sendable, Hashable {
    /// The child's standard output.
    public var standardOutput: URL
    /// The child's standard error.
    public var standardError: URL

    /// The log files of an attempt.
    ///
    /// - Parameters:
    ///   - directory: the log directory.
    ///   - jobExecutionID: the JOB_EXECUTION_ID.
    ///   - stepExecutionID: the STEP_EXECUTION_ID.
    ///   - stepName: the step's name.
    ///   - attempt: 1 for the first attempt; later attempts get their own files.
    public init(directory: URL, jobExecutionID: Int64, stepExecutionID: Int64, stepName: String, attempt: Int) {
        let base = Self.baseName(jobExecutionID: jobExecutionID, stepExecutionID: stepExecutionID, stepName: stepName)
        let suffix = attempt > 1 ? ".attempt\(attempt)" : ""
        standardOutput = directory.appendingPathComponent(base + suffix + ".stdout.log")
        standardError = directory.appendingPathComponent(base + suffix + ".stderr.log")
    }

    /// `<jobExecutionID>-<stepExecutionID>-<safe step name>`.
    static func baseName(jobExecutionID: Int64, stepExecutionID: Int64, stepName: String) -> String {
        let safe = String(
            String.UnicodeScalarView(
                stepName.unicodeScalars.map { scalar in
                    scalar.isASCII
                        && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                            || "._-".unicodeScalars.contains(scalar))
                        ? scalar : "_"
                }
            )
        )
        return "\(jobExecutionID)-\(stepExecutionID)-\(safe.prefix(100))"
    }

    /// The files of each attempt of a step found in `directory`, first attempt first (an attempt counts when
    /// either of its files exists; the count stops at the first attempt with neither).
    public static func existingAttempts(
        in directory: URL, jobExecutionID: Int64, stepExecutionID: Int64, stepName: String
    ) -> [StepLogFiles] {
        var found: [StepLogFiles] = []
        for attempt in 1... {
            let files = StepLogFiles(
                directory: directory, jobExecutionID: jobExecutionID, stepExecutionID: stepExecutionID,
                stepName: stepName, attempt: attempt)
            let manager = FileManager.default
            guard manager.fileExists(atPath: files.standardOutput.path) || manager.fileExists(atPath: files.standardError.path)
            else { break }
            found.append(files)
        }
        return found
    }
}
