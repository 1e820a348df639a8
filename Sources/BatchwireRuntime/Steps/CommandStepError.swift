/// Why a command step could not be run or its results could not be read.
///
/// The step's own failure (a non-zero exit, a timeout) is not an error: it is a FAILED result. This
/// error describes what went wrong around the step: the program was not found, a log file could not be
/// opened, the step wrote a context file that is not a flat JSON object.
public struct CommandStepError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A code to match on; new codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) { self.name = name }

        /// The step has no command.
        public static let emptyCommand = Code("emptyCommand")
        /// The program was not found or is not executable.
        public static let commandNotFound = Code("commandNotFound")
        /// `posix_spawn` failed (bad working directory, resource limits…).
        public static let spawnFailed = Code("spawnFailed")
        /// The log or context directory or a file in it could not be created or written.
        public static let fileSystem = Code("fileSystem")
        /// The context file the step wrote is not a flat JSON object of strings, numbers and booleans.
        public static let invalidContextFile = Code("invalidContextFile")

        public var description: String { name }
    }

    /// What kind of error this is.
    public let code: Code
    /// What went wrong and what to do about it.
    public let message: String
    /// The `errno` behind the error, if a system call failed.
    public let systemError: Int32?

    /// An error.
    ///
    /// - Parameters:
    ///   - code: the kind of error.
    ///   - message: what went wrong and what to do about it.
    ///   - systemError: the `errno` of a failed system call.
    public init(_ code: Code, _ message: String, systemError: Int32? = nil) {
        self.code = code
        self.message = message
        self.systemError = systemError
    }

    public var description: String {
        guard let systemError else { return message }
        return "\(message) (\(SystemErrorText.describe(systemError)))"
    }
}
