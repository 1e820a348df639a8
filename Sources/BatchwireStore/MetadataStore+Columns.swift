extension MetadataStore {
    /// Adds the nullable columns a newer Batchwire added to its own tables (`<prefix>BW_*`, never Spring's), such
    /// as the outbox's routing columns (`JOB_NAME`, `EVENT_TYPE`, `STATUS`), to tables that exist without them;
    /// rows already there get NULL. Part of ``initializeSchema()``, so `batchwire db init` (and the embedded SQLite
    /// file on open) brings an existing database up to date; running it again changes nothing.
    ///
    /// - Throws: ``StoreError`` `.database` when a column cannot be added (the user needs the `ALTER` privilege on
    ///   MySQL).
    func addMissingColumns() async throws(StoreError) {
        for (table, column) in try await missingColumns() {
            let statement = "ALTER TABLE \(table.name) ADD COLUMN \(column.name) \(column.type(for: database.dialect))"
            do {
                try await database.runStatements([statement], operation: "adding the column \(table.name).\(column.name)")
            } catch {
                // Another node running `db init` at the same time may have added it first.
                if try await !missingColumns().contains(where: { $0.table == table && $0.column == column }) { continue }
                throw error
            }
        }
    }

    /// The nullable columns of Batchwire's tables that the live tables lack.
    private func missingColumns() async throws(StoreError) -> [(table: TableDefinition, column: TableDefinition.Column)] {
        let report = try await checkSchema()
        return report.differences.compactMap { difference in
            guard difference.kind == .missingColumn,
                let table = schema.tables.first(where: { $0.name == difference.table }), !table.isSpringTable,
                let column = table.columns.first(where: { $0.name == difference.column }), column.nullable
            else { return nil }
            return (table, column)
        }
    }
}
