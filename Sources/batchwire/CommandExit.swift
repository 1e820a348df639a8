import ArgumentParser
import BatchwireCore
import BatchwireRuntime
import Foundation

/// The exit statuses of every `batchwire` command: one table, in README.md ("Exit statuses") and in
/// each command's `--help`.
///
/// | status | meaning |
/// |---|---|
/// | 0 | done (with `--wait`: the execution COMPLETED; `db check`: the schema matches) |
/// | 1 | with `--wait`: the execution ended FAILED (or UNKNOWN); `validate`/`jobs`: a job file has errors |
/// | 2 | bad arguments or job parameters |
/// | 3 | no such job, instance or execution |
/// | 4 | refused by Spring Batch's rules (already running, complete, not restartable, not running, start limit) |
/// | 5 | the database cannot be reached or used, or its schema does not match (every command, `serve` too) |
/// | 6 | with `--wait`: the execution ended STOPPED (restartable) |
/// | 64 | the command line does not parse (unknown command or option, missing value) |
/// | 70 | `serve` could not start or failed for another reason (configuration, broker, HTTP port) |
enum CommandExit {
    static let failed = ExitCode(1)
    static let invalidArguments = ExitCode(2)
    static let notFound = ExitCode(3)
    static let refused = ExitCode(4)
    static let storeFailure = ExitCode(5)
    static let stopped = ExitCode(6)
    static let daemonFailure = ExitCode(70)

    /// The exit status for an operator error.
    static func code(for error: JobOperatorError) -> ExitCode {
        switch error.code {
        case .noSuchJob, .noSuchJobExecution, .noSuchJobInstance: notFound
        case .jobParametersInvalid: invalidArguments
        case .store: storeFailure
        default: refused
        }
    }

    /// The exit status for a finished execution.
    static func code(for status: BatchStatus) -> ExitCode {
        switch status {
        case .completed: .success
        case .stopped, .stopping: stopped
        default: failed
        }
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("batchwire: \(message)\n".utf8))
    }

    /// Text for the exit statuses, for `discussion:`.
    static let discussion = """
        Exit status: 0 done (with --wait: COMPLETED), 1 the execution FAILED (--wait), 2 bad arguments,
        3 no such job or execution, 4 refused by Spring Batch's rules, 5 the database failed or its schema
        does not match, 6 the execution ended STOPPED (--wait), 64 a command line that does not parse.
        """
}
