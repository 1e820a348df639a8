/// Rows that a grouped transaction writes at its end, one multi-row statement per kind of row, instead of
/// one statement per unit: the inserts of new rows that nothing in the group reads back (instances,
/// executions, parameters, contexts, steps, leases, events) and the releases of leases.
///
/// Kinds are written in ``Kind`` order, parents before children, so foreign keys hold.
struct DeferredWrites: Sendable {
    /// The kinds of deferred rows, in the order they are written.
    enum Kind: Int, Sendable, Comparable {
        case jobInstance, jobExecution, jobExecutionParams, jobExecutionContext, stepExecution, stepExecutionContext
        case executionOwner, executionOwnerRelease, eventOutbox, firedSlotOutcome

        static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Rows of one kind and shape, and how to write many of them in one statement.
    private struct Batch: Sendable {
        let kind: Kind
        let width: Int
        /// The statement for `count` rows.
        let statement: @Sendable (Int) -> String
        var rows: [[SQLValue]] = []
    }

    /// What makes rows go together: an insert's table and columns, or the statement for one row.
    private enum BatchKey: Hashable {
        case insert(table: String, columns: [String])
        case statement(String)
    }

    /// Rows of the same shape go together.
    private var batches: [BatchKey: Batch] = [:]

    var isEmpty: Bool { batches.isEmpty }

    /// Adds a row; `statement(n)` must write `n` such rows.
    mutating func add(_ kind: Kind, _ row: [SQLValue], statement: @escaping @Sendable (Int) -> String) {
        let key = BatchKey.statement(statement(1))
        if batches[key] == nil { batches[key] = Batch(kind: kind, width: row.count, statement: statement) }
        batches[key]?.rows.append(row)
    }

    /// Adds a row to insert into `table`: as ``add(_:_:statement:)`` with ``insert(into:_:suffix:)``, but the
    /// statement is made once per group and shape rather than for every row (it was 2–3% of serve's CPU
    /// under a 2,000-schedule load).
    mutating func addInsert(_ kind: Kind, into table: String, _ columns: [String], _ row: [SQLValue]) {
        let key = BatchKey.insert(table: table, columns: columns)
        if batches[key] == nil {
            batches[key] = Batch(kind: kind, width: row.count, statement: Self.insert(into: table, columns))
        }
        batches[key]?.rows.append(row)
    }

    /// Writes every row, kind by kind, in chunks that stay within both databases' limit on placeholders.
    func flush(to session: any DatabaseSession) async throws {
        for batch in batches.values.sorted(by: { $0.kind < $1.kind }) {
            let perStatement = max(1, min(500, 30_000 / max(1, batch.width)))
            var start = 0
            while start < batch.rows.count {
                let chunk = batch.rows[start..<min(start + perStatement, batch.rows.count)]
                try await session.execute(batch.statement(chunk.count), chunk.flatMap { $0 })
                start += chunk.count
            }
        }
    }

    /// `INSERT INTO table (columns) VALUES (…), (…)` for `count` rows.
    static func insert(into table: String, _ columns: [String], suffix: String = "") -> @Sendable (Int) -> String {
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        let head = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        return { count in head + Array(repeating: row, count: count).joined(separator: ", ") + suffix }
    }
}

extension DatabaseSession {
    /// Inserts a row now, or at the end of the group when this is a grouped transaction.
    func insert(_ kind: DeferredWrites.Kind, into table: String, _ columns: [String], _ values: [SQLValue]) async throws {
        if let grouped = self as? GroupedSession {
            grouped.deferInsert(kind, into: table, columns, values)
        } else {
            try await execute(DeferredWrites.insert(into: table, columns)(1), values)
        }
    }

    /// Deletes the row whose `column` is `id` now, or at the end of the group.
    /// - Parameter dialect: the database's, for the key-range form of a many-row delete.
    func delete(
        _ kind: DeferredWrites.Kind, from table: String, where column: String, is id: Int64, dialect: SQLDialect
    ) async throws {
        let statement: @Sendable (Int) -> String = { count in
            "DELETE FROM \(table) WHERE \(column) IN (" + Array(repeating: "?", count: count).joined(separator: ", ") + ")"
                + (count > 1 ? dialect.keyRangeSuffix(key: column, rows: count) : "")
        }
        if let grouped = self as? GroupedSession {
            grouped.defer(kind, [.int(id)], statement: statement)
        } else {
            try await execute(statement(1), [.int(id)])
        }
    }
}
