import BatchwireCore

/// Turns a command's exit code into a batch status and an exit code for `EXIT_CODE`.
///
/// Without entries, 0 is COMPLETED/`COMPLETED` and anything else FAILED/`FAILED`. An entry overrides one
/// exit code, e.g. `3: .init(status: .completed, exitCode: "NOOP")` for "nothing to do".
public struct ExitCodeMapping: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    /// What one exit code means.
    public struct Entry: Sendable, Hashable {
        /// The step's batch status: `.completed`, `.failed` or `.stopped`.
        public var status: BatchStatus
        /// The exit code stored in `EXIT_CODE`, e.g. `NOOP`, `COMPLETED_WITH_WARNINGS`.
        public var exitCode: String

        /// An entry.
        ///
        /// - Parameters:
        ///   - status: the step's batch status.
        ///   - exitCode: the `EXIT_CODE` text.
        public init(status: BatchStatus, exitCode: String) {
            self.status = status
            self.exitCode = exitCode
        }
    }

    /// The overrides, by process exit code.
    public var entries: [Int32: Entry]

    /// A mapping with these overrides.
    public init(_ entries: [Int32: Entry] = [:]) {
        self.entries = entries
    }

    public init(dictionaryLiteral elements: (Int32, Entry)...) {
        self.init(Dictionary(elements) { _, last in last })
    }

    /// What `code` means: its entry, else COMPLETED for 0 and FAILED otherwise.
    public func entry(for code: Int32) -> Entry {
        if let entry = entries[code] { return entry }
        return code == 0
            ? Entry(status: .completed, exitCode: ExitStatus.completed.exitCode)
            : Entry(status: .failed, exitCode: ExitStatus.failed.exitCode)
    }
}
