/// Reads the live shape of the schema's tables: `information_schema` on MySQL, pragmas on SQLite.
struct SchemaInspector {
    let schema: MetadataSchema
    let dialect: SQLDialect

    /// Compares the live tables with the schema.
    func check(_ session: any DatabaseSession) async throws -> SchemaCheckReport {
        let live = dialect == .mysql ? try await mysqlTables(session) : try await sqliteTables(session)
        var differences: [SchemaDifference] = []
        for table in schema.tables {
            guard let liveTable = live[table.name] else {
                differences.append(.init(.missingTable, table: table.name))
                continue
            }
            differences += liveTable.differences(from: table, dialect: dialect)
        }
        return SchemaCheckReport(checkedTables: schema.tables.map(\.name), differences: differences)
    }

    // MARK: MySQL

    private func mysqlTables(_ session: any DatabaseSession) async throws -> [String: LiveTable] {
        let names = schema.tables.map(\.name)
        let placeholders = Array(repeating: "?", count: names.count).joined(separator: ", ")
        let binds = names.map { SQLValue.text($0) }
        var tables: [String: LiveTable] = [:]
        for row in try await session.query(
            "SELECT TABLE_NAME AS T, ENGINE AS E FROM information_schema.TABLES "
                + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (\(placeholders))", binds)
        {
            let name = try row.text("T")
            tables[name] = LiveTable(name: name, engine: try row.textIfPresent("E"))
        }
        for row in try await session.query(
            "SELECT TABLE_NAME AS T, COLUMN_NAME AS C, DATA_TYPE AS D, COLUMN_TYPE AS CT, IS_NULLABLE AS N, "
                + "CHARACTER_MAXIMUM_LENGTH AS L, DATETIME_PRECISION AS P FROM information_schema.COLUMNS "
                + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (\(placeholders)) ORDER BY TABLE_NAME, ORDINAL_POSITION",
            binds)
        {
            let type = Self.mysqlType(
                dataType: try row.text("D"), columnType: try row.text("CT"), length: try row.intIfPresent("L"),
                precision: try row.intIfPresent("P"))
            let column = LiveTable.Column(name: try row.text("C"), type: type, nullable: try row.text("N") == "YES")
            tables[try row.text("T")]?.columns.append(column)
        }
        var uniques: [String: [String: [String]]] = [:]
        for row in try await session.query(
            "SELECT TABLE_NAME AS T, INDEX_NAME AS I, NON_UNIQUE AS U, COLUMN_NAME AS C FROM information_schema.STATISTICS "
                + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (\(placeholders)) "
                + "ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX", binds)
        {
            let table = try row.text("T")
            let index = try row.text("I")
            if index == "PRIMARY" {
                tables[table]?.primaryKey.append(try row.text("C"))
            } else if try row.int("U") == 0 {
                uniques[table, default: [:]][index, default: []].append(try row.text("C"))
            }
        }
        for (table, indexes) in uniques {
            tables[table]?.uniqueKeys = indexes.sorted { $0.key < $1.key }.map { (name: $0.key, columns: $0.value) }
        }
        var foreignKeys: [String: [String: LiveTable.ForeignKey]] = [:]
        for row in try await session.query(
            "SELECT TABLE_NAME AS T, CONSTRAINT_NAME AS K, COLUMN_NAME AS C, REFERENCED_TABLE_NAME AS R, "
                + "REFERENCED_COLUMN_NAME AS RC FROM information_schema.KEY_COLUMN_USAGE "
                + "WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL AND TABLE_NAME IN (\(placeholders)) "
                + "ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION", binds)
        {
            let table = try row.text("T")
            let name = try row.text("K")
            let previous = foreignKeys[table]?[name]
            foreignKeys[table, default: [:]][name] = LiveTable.ForeignKey(
                name: name, columns: (previous?.columns ?? []) + [try row.text("C")],
                referencedTable: try row.text("R"),
                referencedColumns: (previous?.referencedColumns ?? []) + [try row.text("RC")])
        }
        for (table, keys) in foreignKeys {
            tables[table]?.foreignKeys = Array(keys.values)
        }
        try await countSequenceRows(session, into: &tables)
        return tables
    }

    /// `BIGINT`, `VARCHAR(100)`, `DATETIME(6)`, … from `information_schema.COLUMNS`, whatever the server's
    /// display widths (MariaDB says `bigint(20)`, MySQL 8 `bigint`).
    static func mysqlType(dataType: String, columnType: String, length: Int64?, precision: Int64?) -> String {
        let base = dataType.uppercased()
        let unsigned = columnType.lowercased().contains("unsigned") ? " UNSIGNED" : ""
        switch base {
        case "VARCHAR", "CHAR", "VARBINARY", "BINARY":
            return "\(base)(\(length ?? 0))"
        case "DATETIME", "TIMESTAMP", "TIME":
            guard let precision, precision > 0 else { return base }
            return "\(base)(\(precision))"
        case "TINYINT", "SMALLINT", "MEDIUMINT", "INT", "BIGINT":
            return base + unsigned
        case "TEXT", "MEDIUMTEXT", "LONGTEXT", "TINYTEXT", "BLOB", "MEDIUMBLOB", "LONGBLOB", "DATE", "DOUBLE", "FLOAT":
            return base
        default:
            return columnType.uppercased()
        }
    }

    // MARK: SQLite

    private func sqliteTables(_ session: any DatabaseSession) async throws -> [String: LiveTable] {
        var tables: [String: LiveTable] = [:]
        for table in schema.tables {
            let exists = try await session.query(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?", [.text(table.name)])
            guard !exists.isEmpty else { continue }
            var live = LiveTable(name: table.name)
            var primaryKey: [(Int64, String)] = []
            for row in try await session.query("PRAGMA table_info(\"\(table.name)\")", []) {
                let name = try row.text("name")
                let type = try row.textIfPresent("type") ?? ""
                live.columns.append(.init(name: name, type: type.uppercased(), nullable: try row.int("notnull") == 0))
                let position = try row.int("pk")
                if position > 0 { primaryKey.append((position, name)) }
            }
            live.primaryKey = primaryKey.sorted { $0.0 < $1.0 }.map(\.1)
            for row in try await session.query("PRAGMA index_list(\"\(table.name)\")", []) {
                guard try row.int("unique") == 1, try row.text("origin") == "u" else { continue }
                let index = try row.text("name")
                let columns = try await session.query("PRAGMA index_info(\"\(index)\")", []).map { try $0.text("name") }
                live.uniqueKeys.append((name: nil, columns: columns))
            }
            var foreign: [Int64: LiveTable.ForeignKey] = [:]
            for row in try await session.query("PRAGMA foreign_key_list(\"\(table.name)\")", []) {
                let id = try row.int("id")
                let previous = foreign[id]
                foreign[id] = LiveTable.ForeignKey(
                    name: nil, columns: (previous?.columns ?? []) + [try row.text("from")],
                    referencedTable: try row.text("table"),
                    referencedColumns: (previous?.referencedColumns ?? []) + [try row.text("to")])
            }
            live.foreignKeys = foreign.sorted { $0.key < $1.key }.map(\.value)
            tables[table.name] = live
        }
        try await countSequenceRows(session, into: &tables)
        return tables
    }

    private func countSequenceRows(_ session: any DatabaseSession, into tables: inout [String: LiveTable]) async throws {
        for table in schema.tables where table.isSequence && tables[table.name] != nil {
            let rows = try await session.query("SELECT COUNT(*) AS N FROM \(table.name)", [])
            tables[table.name]?.rowCount = try rows.first?.int("N") ?? 0
        }
    }
}
