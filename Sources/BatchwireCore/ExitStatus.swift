/// How an execution ended: a free-form exit code plus a description, Spring Batch's `ExitStatus`.
///
/// Stored in `EXIT_CODE` and `EXIT_MESSAGE` (both `VARCHAR(2500)`). Equality compares both fields.
public struct ExitStatus: Sendable, Hashable, CustomStringConvertible {
    /// The exit code (`COMPLETED`, `FAILED`, or anything a step chooses).
    public let exitCode: String
    /// The description; never `nil` (Spring normalises null to "").
    public let exitDescription: String

    /// An exit status.
    ///
    /// - Parameters:
    ///   - exitCode: the code.
    ///   - exitDescription: the description (default empty).
    public init(_ exitCode: String, description exitDescription: String? = nil) {
        self.exitCode = exitCode
        self.exitDescription = exitDescription ?? ""
    }

    /// Unknown state: the initial exit status of a job execution.
    public static let unknown = ExitStatus("UNKNOWN")
    /// Still running: the initial exit status of a step execution.
    public static let executing = ExitStatus("EXECUTING")
    /// Finished successfully.
    public static let completed = ExitStatus("COMPLETED")
    /// Nothing to do (every step already complete on restart, or no step).
    public static let noop = ExitStatus("NOOP")
    /// Finished with an error.
    public static let failed = ExitStatus("FAILED")
    /// Stopped by an operator.
    public static let stopped = ExitStatus("STOPPED")

    /// The description Spring puts on a job whose steps were all skipped on restart.
    public static let allStepsCompletedDescription = "All steps already completed or no steps configured for this job."

    /// The length, in UTF-16 code units, that Spring cuts `EXIT_MESSAGE` to (`DEFAULT_EXIT_MESSAGE_LENGTH`).
    public static let maxDescriptionLength = 2500

    /// Spring's severity: EXECUTING=1 < COMPLETED=2 < NOOP=3 < STOPPED=4 < FAILED=5 < UNKNOWN=6 < other=7,
    /// matched by prefix (`FAILED_WITH_SKIPS` counts as FAILED).
    public var severity: Int {
        for (index, prefix) in ["EXECUTING", "COMPLETED", "NOOP", "STOPPED", "FAILED", "UNKNOWN"].enumerated()
        where exitCode.hasPrefix(prefix) {
            return index + 1
        }
        return 7
    }

    /// Spring's `compareTo`: by severity, then by exit code (Java `String` order). Descriptions are ignored.
    public func compare(to other: ExitStatus) -> Int {
        if other.severity > severity { return -1 }
        if other.severity < severity { return 1 }
        if exitCode == other.exitCode { return 0 }
        return exitCode.utf16.lexicographicallyPrecedes(other.exitCode.utf16) ? -1 : 1
    }

    /// Spring's `and`: keeps the more severe exit code and appends the other's description.
    public func and(_ other: ExitStatus?) -> ExitStatus {
        guard let other else { return self }
        var result = addingExitDescription(other.exitDescription)
        if compare(to: other) < 0 {
            result = result.replacingExitCode(other.exitCode)
        }
        return result
    }

    /// Spring's `addExitDescription(String)`: appends `description` after `"; "`, unless it is blank or
    /// equal to the current description. A blank current description is dropped.
    public func addingExitDescription(_ description: String?) -> ExitStatus {
        let description = description ?? ""
        let changed = Self.hasText(description) && exitDescription != description
        var buffer = ""
        if Self.hasText(exitDescription) {
            buffer += exitDescription
            if changed { buffer += "; " }
        }
        if changed { buffer += description }
        return ExitStatus(exitCode, description: buffer)
    }

    /// Spring's `addExitDescription(Throwable)`: appends a rendering of the error (Java appends the
    /// full stack trace; Swift errors have none, so their debug description is used).
    public func addingExitDescription(_ error: any Error) -> ExitStatus {
        addingExitDescription(String(reflecting: error))
    }

    /// The same description with another code.
    public func replacingExitCode(_ code: String) -> ExitStatus {
        ExitStatus(code, description: exitDescription)
    }

    /// `EXECUTING` or `UNKNOWN`.
    public var isRunning: Bool {
        exitCode == "EXECUTING" || exitCode == "UNKNOWN"
    }

    /// The description as it must be written to `EXIT_MESSAGE`: at most `maxLength` UTF-16 code units,
    /// like Spring's `substring(0, 2500)`, but never splitting a surrogate pair (one unit shorter then).
    public func truncatedDescription(maxLength: Int = ExitStatus.maxDescriptionLength) -> String {
        Self.truncate(exitDescription, toUTF16Length: maxLength)
    }

    /// Spring's `toString`: `exitCode=X;exitDescription=Y`.
    public var description: String {
        "exitCode=\(exitCode);exitDescription=\(exitDescription)"
    }

    /// Cuts `text` to at most `length` UTF-16 units on a Unicode scalar boundary.
    static func truncate(_ text: String, toUTF16Length length: Int) -> String {
        let utf16 = text.utf16
        guard utf16.count > length else { return text }
        var end = utf16.index(utf16.startIndex, offsetBy: length)
        while end > utf16.startIndex, end.samePosition(in: text.unicodeScalars) == nil {
            end = utf16.index(before: end)
        }
        return String(text.unicodeScalars[..<end])
    }

    /// Spring's `StringUtils.hasText`: contains a non-whitespace character.
    private static func hasText(_ text: String) -> Bool {
        text.contains { !$0.isWhitespace }
    }
}
