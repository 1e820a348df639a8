import Logging

/// The store's one door to the database: transactions with the retry policy inside, so repository code
/// never sees a deadlock, a busy error or a raw SQL error.
///
/// A transaction that fails with a transient error (a deadlock 1213, a lock wait timeout 1205, Galera's
/// "node not ready" 1047, a connection lost outside a COMMIT, `SQLITE_BUSY`; see `MySQLDriver.classify`)
/// runs again from its first statement after a short jittered pause; so does one that hit a duplicate key when the
/// caller says the duplicate means "someone else just created it, look again". Any other driver error is
/// wrapped in a ``StoreError``; ``StoreError``s thrown by the body pass through unchanged.
final class Database: Sendable {
    let driver: any DatabaseDriver
    let maxAttempts: Int
    let logger: Logger

    var dialect: SQLDialect { driver.dialect }

    init(driver: any DatabaseDriver, maxAttempts: Int, logger: Logger) {
        self.driver = driver
        self.maxAttempts = max(1, maxAttempts)
        self.logger = logger
    }

    /// Runs `body` in a transaction, retrying transient failures.
    /// - Parameters:
    ///   - operation: a short name for errors and logs, e.g. `createJobExecution`.
    ///   - kind: read, write, or a locking write.
    ///   - retryOnDuplicateKey: whether a duplicate key means "run again" rather than failure.
    @discardableResult
    func transaction<T: Sendable>(
        _ operation: String, _ kind: TransactionKind = .write, retryOnDuplicateKey: Bool = false,
        _ body: (any DatabaseSession) async throws -> T
    ) async throws(StoreError) -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await driver.attempt(kind, body)
            } catch let error as StoreError {
                throw error
            } catch is CancellationError {
                throw StoreError(.database, "\(operation) was cancelled; nothing was committed")
            } catch {
                let errorKind = driver.classify(error)
                let retry = errorKind == .transient || (errorKind == .duplicateKey && retryOnDuplicateKey)
                guard retry else {
                    throw StoreError(.database, "\(operation) failed in the database; see the cause", underlying: error)
                }
                guard attempt < maxAttempts else {
                    throw StoreError(
                        .transactionConflict,
                        "\(operation) kept conflicting with concurrent transactions (\(attempt) attempts); "
                            + "try again later or reduce concurrency",
                        underlying: error)
                }
                logger.debug(
                    "retrying transaction",
                    metadata: ["operation": "\(operation)", "attempt": "\(attempt)", "error": "\(error)"])
                let ceiling = min(64, 1 << min(attempt, 6))
                do {
                    try await Task.sleep(for: .milliseconds(Int.random(in: 1...ceiling)))
                } catch {
                    throw StoreError(.database, "\(operation) was cancelled; nothing was committed")
                }
            }
        }
    }

    /// Runs DDL statements outside any transaction.
    func runStatements(_ statements: [String], operation: String, ignoringDuplicateKeys: Bool = false)
        async throws(StoreError)
    {
        do {
            try await driver.runStatements(statements, ignoringDuplicateKeys: ignoringDuplicateKeys)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.database, "\(operation) failed in the database; see the cause", underlying: error)
        }
    }

    /// The next value of a sequence table (on MySQL from a separate autocommit connection), or one of the
    /// block a grouped transaction reserved for its units (``GroupedSession``).
    func nextValue(of sequenceTable: String, in session: any DatabaseSession) async throws -> Int64 {
        if let grouped = session as? GroupedSession, let value = grouped.take(from: sequenceTable) { return value }
        return try await driver.nextValues(of: sequenceTable, count: 1, in: session)
    }

    func close() async {
        await driver.close()
    }
}
