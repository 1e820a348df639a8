import BatchwireCore

/// An error from the metadata store: a Spring Batch rule that refused a launch, a stale update, a schema
/// that does not match, or a database failure that retrying did not cure.
///
/// Match on ``code`` (`catch let error as StoreError where error.code == .jobExecutionAlreadyRunning`).
/// ``message`` says what happened and what to do; it never contains bound values, parameter values or
/// passwords. Raw SQL errors never reach callers: they arrive wrapped as `.database` or
/// `.transactionConflict`, with the driver's error in ``underlying``.
public struct StoreError: Error, CustomStringConvertible, CustomDebugStringConvertible {
    /// A matchable kind of store error. Compare with `==`; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name, e.g. `jobExecutionAlreadyRunning`.
        public let description: String
        /// The Spring Batch code an operator reports for this store error: the refusals keep their own,
        /// an instance without executions is `.illegalState`, everything else `.store` (`DataAccessException`).
        public let batchErrorCode: BatchErrorCode

        private init(_ name: String, _ batchErrorCode: BatchErrorCode = .store) {
            description = name
            self.batchErrorCode = batchErrorCode
        }

        /// Hashes the name only.
        public func hash(into hasher: inout Hasher) { hasher.combine(description) }
        /// Compares the names only.
        public static func == (lhs: Code, rhs: Code) -> Bool { lhs.description == rhs.description }

        /// Spring's `JobExecutionAlreadyRunningException`: an execution of the instance is STARTING,
        /// STARTED or STOPPING (or one of its steps is running).
        public static let jobExecutionAlreadyRunning = Code("jobExecutionAlreadyRunning", .jobExecutionAlreadyRunning)
        /// Spring's `JobInstanceAlreadyCompleteException`: the instance COMPLETED (or was ABANDONED) for
        /// these identifying parameters.
        public static let jobInstanceAlreadyComplete = Code("jobInstanceAlreadyComplete", .jobInstanceAlreadyComplete)
        /// Spring's `JobRestartException`: the job is not restartable, or an execution or step ended UNKNOWN.
        public static let jobRestart = Code("jobRestart", .jobRestart)
        /// Spring's `IllegalStateException` for an instance that has no execution at all.
        public static let jobInstanceWithoutExecution = Code("jobInstanceWithoutExecution", .illegalState)
        /// Spring's `OptimisticLockingFailureException`: the row's VERSION moved since it was read.
        public static let optimisticLockingFailure = Code("optimisticLockingFailure")
        /// No job execution has the given id.
        public static let noSuchJobExecution = Code("noSuchJobExecution", .noSuchJobExecution)
        /// No job instance has the given id.
        public static let noSuchJobInstance = Code("noSuchJobInstance", .noSuchJobInstance)
        /// No step execution has the given id (in that job execution).
        public static let noSuchStepExecution = Code("noSuchStepExecution")
        /// Spring's `NoSuchJobException`: no instance of the job name exists.
        public static let noSuchJob = Code("noSuchJob", .noSuchJob)
        /// The live schema differs from the expected one; run `batchwire db check` to see how.
        public static let schemaMismatch = Code("schemaMismatch")
        /// Deadlocks, lock timeouts or busy errors went on after every retry.
        public static let transactionConflict = Code("transactionConflict")
        /// The database failed (connection, permissions, SQL); see ``StoreError/underlying``.
        public static let database = Code("database")
        /// A stored row cannot be read (unknown parameter type, unreadable context, bad status).
        public static let corruptData = Code("corruptData")
        /// The call or the configuration is invalid (a bad table prefix, an unsaved execution).
        public static let invalidArgument = Code("invalidArgument")
    }

    /// What went wrong.
    public var code: Code
    /// What happened and what to do; free of bound values and secrets.
    public var message: String
    /// The driver error (a `MySQLError` or `SQLiteError`) or decoding error behind this one, if any.
    public var underlying: (any Error)?

    /// Makes an error.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        var text = "StoreError.\(code): \(message)"
        if let underlying { text += " (cause: \(underlying))" }
        return text
    }

    public var debugDescription: String {
        var text = "StoreError.\(code): \(message)"
        if let underlying { text += " (cause: \(String(reflecting: underlying)))" }
        return text
    }
}
