extension MetadataSchema {
    /// The `CREATE TABLE IF NOT EXISTS` statements, parents first, then the sequence seeds, for `dialect`.
    ///
    /// On MySQL the Spring tables are exactly Spring Batch 5's `schema-mysql.sql` (same columns, types,
    /// nullability, keys and constraint names, `ENGINE=InnoDB`), with the prefix applied to every table.
    /// The seeds insert one row (ID 0, UNIQUE_KEY '0') only when the sequence table is empty, as Spring's
    /// script does, so running them twice changes nothing.
    public func createStatements(for dialect: SQLDialect) -> [String] {
        tables.map { createStatement(for: $0, dialect: dialect) } + seedStatements()
    }

    /// The statements that seed each empty sequence table with ID 0.
    public func seedStatements() -> [String] {
        tables.filter(\.isSequence).map { table in
            "INSERT INTO \(table.name) (ID, UNIQUE_KEY) SELECT * FROM (SELECT 0 AS ID, '0' AS UNIQUE_KEY) AS tmp "
                + "WHERE NOT EXISTS (SELECT * FROM \(table.name))"
        }
    }

    /// `DROP TABLE IF EXISTS` for every table, children first (Spring's drop order, then Batchwire's).
    public func dropStatements() -> [String] {
        let springOrder = [
            names.stepExecutionContext, names.jobExecutionContext, names.stepExecution, names.jobExecutionParams,
            names.jobExecution, names.jobInstance, names.stepExecutionSequence, names.jobExecutionSequence,
            names.jobSequence,
        ]
        return (springOrder + batchwireTables.map(\.name)).map { "DROP TABLE IF EXISTS \($0)" }
    }

    func createStatement(for table: TableDefinition, dialect: SQLDialect) -> String {
        let inlinePrimaryKey = table.primaryKey.count == 1 ? table.primaryKey[0] : nil
        var lines: [String] = table.columns.map { column in
            var line = "\(column.name) \(column.type(for: dialect))"
            if !column.nullable { line += " NOT NULL" }
            if column.defaultNull { line += " DEFAULT NULL" }
            if column.name == inlinePrimaryKey {
                line += " PRIMARY KEY"
                if table.autoIncrementKey { line += dialect == .mysql ? " AUTO_INCREMENT" : " AUTOINCREMENT" }
            }
            return line
        }
        if table.primaryKey.count > 1 {
            lines.append("PRIMARY KEY (\(table.primaryKey.joined(separator: ", ")))")
        }
        for key in table.uniqueKeys {
            lines.append("constraint \(key.name) unique (\(key.columns.joined(separator: ", ")))")
        }
        for key in table.foreignKeys {
            lines.append(
                "constraint \(key.name) foreign key (\(key.columns.joined(separator: ", "))) references "
                    + "\(key.referencedTable)(\(key.referencedColumns.joined(separator: ", ")))")
        }
        let body = lines.map { "    " + $0 }.joined(separator: ",\n")
        let suffix = dialect == .mysql ? " ENGINE=InnoDB" : ""
        return "CREATE TABLE IF NOT EXISTS \(table.name) (\n\(body)\n)\(suffix)"
    }
}
