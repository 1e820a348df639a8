/// Versioned row updates that a grouped transaction writes together, one statement per table and shape
/// instead of one per row: the job and step execution rows that a group's step transitions move on
/// (`UPDATE … SET col = CASE id WHEN ? THEN ? … END … WHERE id IN (…) AND VERSION = CASE id … END`).
///
/// Spring's optimistic locking still holds: every row carries the version it expects, and a statement
/// that matches fewer rows than it carries throws ``DeferredUpdateConflict``. Which row was changed by
/// another process is not known then, so ``GroupCommit`` writes the group again with one statement per
/// row, and the unit whose row changed gets its own `.optimisticLockingFailure`.
///
/// Pending updates are written before any other statement of the group runs (``GroupedSession``), so a
/// unit never reads a row another unit of its group has updated but not yet written.
struct DeferredUpdates: Sendable {
    /// One row to update.
    private struct Row: Sendable {
        let id: Int64
        let expectedVersion: Int64
        let values: [SQLValue]
    }

    /// Rows of one table with the same columns.
    private struct Batch: Sendable {
        let table: String
        let idColumn: String
        let columns: [String]
        var rows: [Row] = []
        var ids: Set<Int64> = []
    }

    /// Keyed by table and columns.
    private var batches: [String: Batch] = [:]
    /// The order in which shapes first appeared, so statements run in a stable order (one lock order).
    private var order: [String] = []

    var isEmpty: Bool { order.isEmpty }

    /// Whether a row of `table` with `id` is pending already (a second update must wait for the first).
    func contains(table: String, id: Int64) -> Bool {
        batches.values.contains { $0.table == table && $0.ids.contains(id) }
    }

    /// Adds the update of the row `idColumn = id AND VERSION = expectedVersion` to `values` (one per column).
    mutating func add(
        table: String, idColumn: String, columns: [String], id: Int64, expectedVersion: Int64, values: [SQLValue]
    ) {
        let key = table + "|" + columns.joined(separator: ",")
        if batches[key] == nil {
            batches[key] = Batch(table: table, idColumn: idColumn, columns: columns)
            order.append(key)
        }
        batches[key]?.rows.append(Row(id: id, expectedVersion: expectedVersion, values: values))
        batches[key]?.ids.insert(id)
    }

    /// The most rows one statement carries (each row binds two values per column and three more).
    private static let rowsPerStatement = 200

    /// Writes every pending row, rows sorted by id within a table (one lock order for every group).
    /// - Throws: ``DeferredUpdateConflict`` when a statement matched fewer rows than it carries; driver errors.
    func flush(to session: any DatabaseSession, dialect: SQLDialect) async throws {
        for key in order {
            guard let batch = batches[key] else { continue }
            let rows = batch.rows.sorted { $0.id < $1.id }
            var start = 0
            while start < rows.count {
                let chunk = Array(rows[start..<min(start + Self.rowsPerStatement, rows.count)])
                var (sql, binds) = Self.statement(batch, chunk)
                sql += dialect.keyRangeSuffix(key: batch.idColumn, rows: chunk.count)
                let matched = try await session.execute(sql, binds)
                guard matched == chunk.count else {
                    throw DeferredUpdateConflict(table: batch.table, expected: chunk.count, matched: matched)
                }
                start += chunk.count
            }
        }
    }

    private static func statement(_ batch: Batch, _ rows: [Row]) -> (String, [SQLValue]) {
        let id = batch.idColumn
        let whens = Array(repeating: "WHEN ? THEN ?", count: rows.count).joined(separator: " ")
        var sql = "UPDATE \(batch.table) SET "
        var binds: [SQLValue] = []
        binds.reserveCapacity(rows.count * (batch.columns.count * 2 + 3))
        for (index, column) in batch.columns.enumerated() {
            if index > 0 { sql += ", " }
            sql += "\(column) = CASE \(id) \(whens) END"
            for row in rows { binds += [.int(row.id), row.values[index]] }
        }
        sql += " WHERE \(id) IN (" + Array(repeating: "?", count: rows.count).joined(separator: ", ") + ")"
        binds += rows.map { .int($0.id) }
        sql += " AND VERSION = CASE \(id) \(whens) END"
        for row in rows { binds += [.int(row.id), .int(row.expectedVersion)] }
        return (sql, binds)
    }
}

/// A batched versioned update matched fewer rows than it carried: another process changed one of them.
/// ``GroupCommit`` writes the group again one row at a time to find out which unit it concerns.
struct DeferredUpdateConflict: Error, CustomStringConvertible {
    let table: String
    let expected: Int
    let matched: Int

    var description: String {
        "a grouped update of \(table) matched \(matched) of \(expected) rows (another process changed one)"
    }
}
