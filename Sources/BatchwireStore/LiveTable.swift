/// What the database says one table looks like.
struct LiveTable: Sendable {
    struct Column: Sendable {
        let name: String
        /// Normalised to the spelling of ``TableDefinition/Column`` (`BIGINT`, `VARCHAR(100)`, …).
        let type: String
        let nullable: Bool
    }

    struct ForeignKey: Sendable, Hashable {
        /// `nil` on SQLite, which does not keep foreign-key names.
        let name: String?
        let columns: [String]
        let referencedTable: String
        let referencedColumns: [String]
    }

    let name: String
    var columns: [Column] = []
    var primaryKey: [String] = []
    /// Unique constraints: columns, and the name where the database keeps it.
    var uniqueKeys: [(name: String?, columns: [String])] = []
    var foreignKeys: [ForeignKey] = []
    /// `nil` on SQLite.
    var engine: String?
    /// Rows in a sequence table.
    var rowCount: Int64?

    /// The differences between this table and `expected`.
    func differences(from expected: TableDefinition, dialect: SQLDialect) -> [SchemaDifference] {
        var result: [SchemaDifference] = []
        let byName = Dictionary(columns.map { ($0.name.uppercased(), $0) }, uniquingKeysWith: { first, _ in first })
        for column in expected.columns {
            let wantedType = column.type(for: dialect).uppercased()
            guard let live = byName[column.name.uppercased()] else {
                result.append(.init(.missingColumn, table: name, column: column.name, expected: wantedType))
                continue
            }
            if live.type != wantedType {
                result.append(.init(.wrongType, table: name, column: column.name, expected: wantedType, actual: live.type))
            }
            if live.nullable != column.nullable {
                result.append(
                    .init(.wrongNullability, table: name, column: column.name,
                          expected: column.nullable ? "NULL" : "NOT NULL", actual: live.nullable ? "NULL" : "NOT NULL"))
            }
        }
        let expectedNames = Set(expected.columns.map { $0.name.uppercased() })
        for live in columns where !expectedNames.contains(live.name.uppercased()) {
            result.append(.init(.unexpectedColumn, table: name, column: live.name, actual: live.type))
        }
        if primaryKey.map({ $0.uppercased() }) != expected.primaryKey {
            result.append(
                .init(.wrongPrimaryKey, table: name, expected: Self.render(expected.primaryKey),
                      actual: Self.render(primaryKey)))
        }
        for key in expected.uniqueKeys {
            let found = uniqueKeys.contains { live in
                live.columns.map { $0.uppercased() } == key.columns && (live.name == nil || live.name == key.name)
            }
            if !found {
                result.append(.init(.missingUniqueKey, table: name, expected: "\(key.name) \(Self.render(key.columns))"))
            }
        }
        for key in expected.foreignKeys {
            let sameShape = foreignKeys.filter { live in
                live.columns.map { $0.uppercased() } == key.columns && live.referencedTable == key.referencedTable
                    && live.referencedColumns.map { $0.uppercased() } == key.referencedColumns
            }
            let found = sameShape.contains { $0.name == nil || $0.name == key.name }
            if !found, let other = sameShape.first?.name {
                result.append(
                    .init(.wrongConstraintName, table: name, expected: key.name,
                          actual: "\(other) \(Self.render(key.columns)) → \(key.referencedTable)"))
            } else if !found {
                result.append(
                    .init(.missingForeignKey, table: name,
                          expected: "\(key.name) \(Self.render(key.columns)) → \(key.referencedTable)"))
            }
        }
        if dialect == .mysql, let engine, engine.uppercased() != "INNODB" {
            result.append(.init(.wrongEngine, table: name, expected: "InnoDB", actual: engine))
        }
        if expected.isSequence, let rowCount, rowCount != 1 {
            result.append(.init(.sequenceNotSeeded, table: name, actual: String(rowCount)))
        }
        return result
    }

    private static func render(_ columns: [String]) -> String {
        columns.isEmpty ? "(none)" : "(" + columns.joined(separator: ", ") + ")"
    }
}
