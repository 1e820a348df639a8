import Foundation
import MySQLClient

/// The MySQL/MariaDB backend: a pool for transactions and a separate small pool whose autocommit
/// connections only advance the sequence tables, as Spring's `MySQLMaxValueIncrementer` does with
/// `useNewConnection=true`, so a sequence row lock is never held inside a launch transaction. Keeping the
/// two pools apart means a transaction waiting for an id can never starve the pool it holds a lease of.
final class MySQLDriver: DatabaseDriver {
    let dialect = SQLDialect.mysql
    private let pool: MySQLConnectionPool
    private let sequencePool: MySQLConnectionPool

    init(configuration: MySQLConfiguration, maxConnections: Int) {
        pool = MySQLConnectionPool(configuration: configuration, maxConnections: maxConnections)
        sequencePool = MySQLConnectionPool(configuration: configuration, maxConnections: max(1, maxConnections / 4))
    }

    struct Session: DatabaseSession {
        let connection: MySQLConnection

        func execute(_ sql: String, _ binds: [SQLValue]) async throws -> Int {
            Int(try await connection.execute(sql, binds.map(Self.bind)).affectedRows)
        }

        func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
            let rows = try await connection.query(sql, binds.map(Self.bind))
            guard let first = rows.first else { return [] }
            let index = SQLRow.columnIndex(first.columns.names)
            return rows.map { row in SQLRow(index: index, values: row.values.map(Self.read)) }
        }

        static func bind(_ value: SQLValue) -> MySQLValue {
            switch value {
            case .null: .null
            case .int(let number): .int64(number)
            case .double(let number): .double(number)
            case .text(let text): .string(text)
            case .wallClock(let dateTime): .date(WallClockCodec.utcFields(dateTime))
            case .instant(let date): .date(date)
            }
        }

        static func read(_ value: MySQLValue) -> SQLRow.Value {
            switch value {
            case .null: .null
            case .int64(let number): .int(number)
            case .double(let number): .double(number)
            case .string(let text): .text(text)
            case .data(let bytes): .text(String(decoding: bytes, as: UTF8.self))
            case .date(let date): .utcFields(date)
            }
        }
    }

    func attempt<T: Sendable>(
        _ kind: TransactionKind, _ body: (any DatabaseSession) async throws -> T
    ) async throws -> T {
        let connection = try await pool.lease()
        do {
            // The transaction's code runs on the connection's thread: no hop to the pool and back around each
            // statement (two thread wake-ups per round trip otherwise).
            let result = try await withTaskExecutorPreference(connection.taskExecutor) {
                switch kind {
                case .singleRead:
                    return try await body(Session(connection: connection))
                case .lockingWrite:
                    try await connection.executeUnprepared("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
                case .read, .write: break
                }
                try await connection.begin()
                let result = try await body(Session(connection: connection))
                do {
                    try await connection.commit()
                } catch let error as MySQLError where error.code == .connectionLost && kind != .read {
                    // The COMMIT may have been applied before the connection broke: never run it again blindly.
                    throw CommitOutcomeUnknown(cause: error)
                }
                return result
            }
            await pool.release(connection)
            return result
        } catch {
            if await connection.isInTransaction { try? await connection.rollback() }
            await pool.release(connection)
            throw error
        }
    }

    func runStatements(_ statements: [String], ignoringDuplicateKeys: Bool) async throws {
        let connection = try await pool.lease()
        do {
            for statement in statements {
                do {
                    try await connection.executeUnprepared(statement)
                } catch where ignoringDuplicateKeys && error.code == .duplicateKey {
                    continue  // Another node seeded the same sequence at the same moment.
                }
            }
            await pool.release(connection)
        } catch {
            await pool.release(connection)
            throw error
        }
    }

    func nextValues(of sequenceTable: String, count: Int, in session: any DatabaseSession) async throws -> Int64 {
        let connection = try await sequencePool.lease()
        do {
            let result = try await connection.execute(
                "UPDATE \(sequenceTable) SET ID = LAST_INSERT_ID(ID + \(max(1, count))) LIMIT 1")
            await sequencePool.release(connection)
            guard result.affectedRows == 1 else {
                throw StoreError(
                    .schemaMismatch,
                    "the sequence table \(sequenceTable) has no row; run `batchwire db init` to seed it")
            }
            return Int64(result.lastInsertID)
        } catch {
            await sequencePool.release(connection)
            throw error
        }
    }

    /// Transient, so the transaction runs again from its first statement:
    /// - 1213 deadlock and 1205 lock wait timeout (the server rolled the statement or transaction back; on
    ///   Galera, 1213 is also a certification conflict with another node's write);
    /// - 1047, a Galera node that takes no client statement yet (rejoining, desynced, `wsrep_reject_queries`):
    ///   the statement did not run, even when it was the COMMIT, and the connection goes back to the pool only
    ///   after a rollback succeeds (otherwise it is closed, which rolls back);
    /// - a connection lost or killed during the transaction (2006, 2013, 2055, 1927, 4031, 1053): the server
    ///   rolls back what the connection had not committed, and the retry leases a new connection.
    ///
    /// Permanent: a connection lost during a write transaction's COMMIT (``CommitOutcomeUnknown``: it may have
    /// committed), errors while connecting (no server at the address, 2002/2003/2005, or a lost handshake:
    /// each attempt could wait the whole connect timeout; the scheduler retries those until the database
    /// answers), and everything else.
    func classify(_ error: any Error) -> DriverErrorKind {
        guard let error = error as? MySQLError else { return .permanent }
        if error.code == .duplicateKey { return .duplicateKey }
        switch error.code {
        case .deadlock, .lockWaitTimeout, .nodeNotReady: return .transient
        case .connectionLost where error.operation != .connect: return .transient
        default: break
        }
        return .permanent
    }

    func close() async {
        await pool.shutdown()
        await sequencePool.shutdown()
    }
}

/// A write transaction's COMMIT lost its connection before the server answered, so whether it committed is
/// unknown: the transaction is not run again (it could apply twice, or meet its own insert as a duplicate).
struct CommitOutcomeUnknown: Error, CustomStringConvertible {
    let cause: MySQLError
    var description: String { "the connection broke during COMMIT; it may or may not have committed (\(cause))" }
}
