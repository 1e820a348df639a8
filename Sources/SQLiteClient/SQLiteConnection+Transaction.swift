extension SQLiteConnection {
    /// Runs `body` in a transaction: commits if it returns, rolls back if it throws.
    ///
    /// ```swift
    /// try await connection.withTransaction(mode: .immediate) { connection in
    ///     let id = try await connection.execute("INSERT INTO runs (name) VALUES (?)", ["nightly"]).lastInsertRowID
    ///     try await connection.execute("INSERT INTO steps (run_id) VALUES (?)", [.integer(id)])
    /// }
    /// ```
    ///
    /// The same shape as `MySQLConnection.withTransaction`. `body` runs on the caller's actor and
    /// awaits each statement, so another task using this connection meanwhile would run inside the
    /// transaction: give each task its own connection, or use ``withSynchronousTransaction(mode:_:)``.
    /// - Parameters:
    ///   - mode: `.immediate` for transactions that write (they then queue on the write lock instead of
    ///     failing on a lock upgrade); `.deferred`, the default, for reads.
    ///   - body: the work, given this connection.
    /// - Returns: what `body` returns.
    /// - Throws: what `body` throws (after rolling back), ``SQLiteError`` from `BEGIN` or `COMMIT` (after
    ///   rolling back), or `CancellationError` when the task is cancelled before the commit.
    @discardableResult
    public nonisolated(nonsending) func withTransaction<T>(
        mode: SQLiteTransactionMode = .deferred,
        _ body: nonisolated(nonsending) (SQLiteConnection) async throws -> T
    ) async throws -> T {
        try await begin(mode: mode)
        do {
            let result = try await body(self)
            try await commit()
            return result
        } catch {
            await rollbackIgnoringErrors()
            throw error
        }
    }

    /// Runs the synchronous `body` in a transaction on the connection's thread: commits if it returns,
    /// rolls back if it throws.
    ///
    /// Nothing else can run on the connection between `BEGIN` and `COMMIT`, so other tasks sharing
    /// the connection never see or join the transaction half-done; and cancelling the task interrupts
    /// the statement running at the time.
    /// - Parameters:
    ///   - mode: `.immediate` for transactions that write; `.deferred`, the default, for reads.
    ///   - body: the work; use the ``SQLiteTransaction`` it receives only inside `body`.
    /// - Returns: what `body` returns.
    /// - Throws: what `body` throws (after the rollback), ``SQLiteError`` from `BEGIN` or `COMMIT`, or
    ///   `CancellationError` when the task is cancelled before the commit (nothing is committed then).
    @discardableResult
    public func withSynchronousTransaction<T: Sendable>(
        mode: SQLiteTransactionMode = .deferred,
        _ body: (SQLiteTransaction) throws -> T
    ) async throws -> T {
        try await withInterruptOnCancel { handle in
            try handle.begin(mode)
            do {
                let result = try body(SQLiteTransaction(handle: handle))
                try handle.commit()
                return result
            } catch {
                try? handle.rollback()
                throw error
            }
        }
    }

    /// Whether a transaction is open on this connection.
    public var isInTransaction: Bool { handle?.isInTransaction ?? false }

    /// Begins a transaction (`BEGIN DEFERRED|IMMEDIATE|EXCLUSIVE`).
    /// - Parameter mode: how the transaction takes its locks.
    /// - Throws: `.misuse` if one is already open, `.busy` when an immediate transaction waited past the
    ///   busy timeout for the write lock.
    public func begin(mode: SQLiteTransactionMode = .deferred) async throws {
        try await withInterruptOnCancel { try $0.begin(mode) }
    }

    /// Commits the open transaction.
    /// - Throws: ``SQLiteError``; the transaction is then still open: roll it back.
    public func commit() async throws {
        try await withInterruptOnCancel { try $0.commit() }
    }

    /// Rolls back the open transaction; does nothing when none is open. Runs even when the task is cancelled.
    /// - Throws: ``SQLiteError``, or `.misuse` on a closed connection.
    public func rollback() throws {
        guard let handle else { throw SQLiteError.connectionClosed }
        try handle.rollback()
    }

    func rollbackIgnoringErrors() {
        try? handle?.rollback()
    }
}
