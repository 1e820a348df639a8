internal import CMariaDB
import Foundation

/// One server-side prepared statement (`MYSQL_STMT*`), reused for every execution of its SQL.
///
/// Not Sendable: owned by one ``MySQLConnection`` (in its statement cache) and used only on that
/// connection's thread, together with the ``MySQLHandle`` it was prepared on.
final class MySQLStatement {
    private var statement: UnsafeMutablePointer<MYSQL_STMT>?
    /// Strong, so the handle outlives its statements (mysql_close also detaches them, so either order is safe).
    private let handle: MySQLHandle
    /// The number of `?` placeholders.
    let parameterCount: Int

    /// Prepares `sql` on the server. Blocks.
    /// - Throws: `.syntax`, `.noSuchTable`, … from the server; `.connectionLost` if the connection broke.
    init(sql: String, handle: MySQLHandle) throws(MySQLError) {
        self.handle = handle
        let mysql = try handle.live(.prepare)
        guard let statement = mysql_stmt_init(mysql) else {
            throw handle.lastError(.prepare)
        }
        self.statement = statement
        var updateMaxLength: my_bool = 1
        _ = mysql_stmt_attr_set(statement, STMT_ATTR_UPDATE_MAX_LENGTH, &updateMaxLength)
        let failed = sql.withCString { text in
            mysql_stmt_prepare(statement, text, UInt(strlen(text))) != 0
        }
        if failed {
            let error = handle.lastError(.prepare, statement: statement)
            mysql_stmt_close(statement)
            self.statement = nil
            throw error
        }
        parameterCount = Int(mysql_stmt_param_count(statement))
    }

    deinit { close() }

    /// Frees the statement on the server and in the client. Safe to call twice.
    func close() {
        if let statement {
            mysql_stmt_close(statement)
            self.statement = nil
        }
    }

    private func live(_ operation: MySQLError.Operation) throws(MySQLError) -> UnsafeMutablePointer<MYSQL_STMT> {
        _ = try handle.live(operation)
        guard let statement else { throw MySQLError(code: .connectionClosed, operation: operation) }
        return statement
    }

    /// Binds `values` and executes. The caller must then drain any result (``fetchAll()`` or ``discardResult()``).
    private func run(_ values: [MySQLValue]) throws(MySQLError) -> UnsafeMutablePointer<MYSQL_STMT> {
        let statement = try live(.execute)
        guard values.count == parameterCount else {
            throw MySQLError(
                code: .invalidArgument,
                operation: .bind,
                detail: "the statement has \(parameterCount) placeholders but \(values.count) values were bound"
            )
        }
        let parameters = MySQLParameterBuffers(values)
        // The buffers must live until execute returns: `withExtendedLifetime` makes that explicit.
        try withExtendedLifetime(parameters) { () throws(MySQLError) in
            if parameterCount > 0 {
                try handle.check(mysql_stmt_bind_param(statement, parameters.binds) != 0, .bind, statement: statement)
            }
            try handle.check(mysql_stmt_execute(statement) != 0, .execute, statement: statement)
        }
        return statement
    }

    /// Executes a statement that returns no rows.
    /// - Returns: the affected (matched) row count and the last `AUTO_INCREMENT` / `LAST_INSERT_ID(expr)` value.
    func execute(_ values: [MySQLValue]) throws(MySQLError) -> MySQLExecuteResult {
        let statement = try run(values)
        let result = MySQLExecuteResult(
            affectedRows: mysql_stmt_affected_rows(statement) == ~0 ? 0 : mysql_stmt_affected_rows(statement),
            lastInsertID: mysql_stmt_insert_id(statement)
        )
        if mysql_stmt_field_count(statement) > 0 {
            _ = try fetchRows(statement)
        }
        return result
    }

    /// Executes a statement and reads all its rows.
    func query(_ values: [MySQLValue]) throws(MySQLError) -> [MySQLRow] {
        let statement = try run(values)
        guard mysql_stmt_field_count(statement) > 0 else { return [] }
        return try fetchRows(statement)
    }

    private func fetchRows(_ statement: UnsafeMutablePointer<MYSQL_STMT>) throws(MySQLError) -> [MySQLRow] {
        defer { _ = mysql_stmt_free_result(statement) }
        // Buffer the whole result client-side so every field's max_length is known and the
        // connection is free again as soon as this returns.
        try handle.check(mysql_stmt_store_result(statement) != 0, .fetch, statement: statement)
        guard let metadata = mysql_stmt_result_metadata(statement) else {
            throw handle.lastError(.fetch, statement: statement)
        }
        defer { mysql_free_result(metadata) }
        let count = Int(mysql_num_fields(metadata))
        guard let fields = mysql_fetch_fields(metadata) else { throw handle.lastError(.fetch, statement: statement) }
        let columns = MySQLColumns(names: (0..<count).map { String(cString: fields[$0].name) })
        let buffers = MySQLResultBuffers(fields: fields, count: count)
        return try withExtendedLifetime(buffers) { () throws(MySQLError) -> [MySQLRow] in
            try handle.check(mysql_stmt_bind_result(statement, buffers.binds) != 0, .fetch, statement: statement)
            var rows: [MySQLRow] = []
            rows.reserveCapacity(Int(mysql_stmt_num_rows(statement)))
            while true {
                let rc = mysql_stmt_fetch(statement)
                if rc == MYSQL_NO_DATA { break }
                try handle.check(rc != 0 && rc != MYSQL_DATA_TRUNCATED, .fetch, statement: statement)
                var values: [MySQLValue] = []
                values.reserveCapacity(count)
                for column in 0..<count {
                    values.append(try buffers.value(at: column, statement: statement, handle: handle))
                }
                rows.append(MySQLRow(columns: columns, values: values))
            }
            return rows
        }
    }
}
