extension MySQLConnection {
    /// Runs `body` in a transaction: commits if it returns, rolls back if it throws.
    ///
    /// ```swift
    /// try await connection.withTransaction { connection in
    ///     try await connection.execute("UPDATE seq SET ID = LAST_INSERT_ID(ID + 1)")
    ///     try await connection.execute("INSERT INTO t (id) VALUES (LAST_INSERT_ID())")
    /// }
    /// ```
    ///
    /// A deadlock (`.deadlock`, 1213) means the server already rolled the transaction back: run the
    /// whole closure again if ``MySQLError/isRetryable``.
    /// - Parameters:
    /// - Parameter body: the work, given this connection; it runs on the caller's actor.
    /// - Returns: what `body` returns.
    /// - Throws: what `body` throws (after rolling back), or ``MySQLError`` from `BEGIN` or `COMMIT`.
    @discardableResult
    public nonisolated(nonsending) func withTransaction<T>(
        _ body: nonisolated(nonsending) (MySQLConnection) async throws -> T
    ) async throws -> T {
        try await begin()
        let result: T
        do {
            result = try await body(self)
        } catch {
            await rollbackIgnoringErrors()
            throw error
        }
        try await commit()
        return result
    }

    /// Starts a transaction (`START TRANSACTION`).
    /// - Throws: `.invalidArgument` if one is already open; ``MySQLError`` from the server.
    public func begin() throws(MySQLError) {
        if isInTransaction {
            throw MySQLError(
                code: .invalidArgument,
                operation: .transaction,
                detail: "a transaction is already open on this connection"
            )
        }
        try executeUnprepared("START TRANSACTION")
    }

    /// Commits the open transaction.
    /// - Throws: ``MySQLError``; on `.connectionLost` the outcome is unknown.
    public func commit() throws(MySQLError) {
        try executeUnprepared("COMMIT")
    }

    /// Rolls back the open transaction.
    /// - Throws: ``MySQLError``.
    public func rollback() throws(MySQLError) {
        try executeUnprepared("ROLLBACK")
    }

    /// Rolls back if the connection still works; a broken connection has no transaction left to keep.
    func rollbackIgnoringErrors() {
        guard isUsable else { return }
        try? rollback()
    }

    /// Makes the connection fit to go back into a pool: rolls back a transaction left open.
    /// - Returns: whether the connection can be reused.
    func prepareForReuse() -> Bool {
        guard isUsable else { return false }
        if isInTransaction { rollbackIgnoringErrors() }
        return isUsable && !isInTransaction
    }
}
