extension MetadataStore {
    /// Creates Batchwire's plain indexes (``MetadataSchema/indexes``) that are missing, on new and old tables
    /// alike; existing ones are left alone. Part of ``initializeSchema()``.
    /// - Throws: ``StoreError`` `.database`.
    func createMissingIndexes() async throws(StoreError) {
        let dialect = database.dialect
        for index in schema.indexes {
            let statement = schema.createIndexStatement(index, dialect: dialect)
            guard dialect == .mysql else {
                try await database.runStatements([statement], operation: "creating the index \(index.name)")
                continue
            }
            // MySQL 8 has no CREATE INDEX IF NOT EXISTS: look first, and look again if another node won a race.
            if try await indexExists(index) { continue }
            do {
                try await database.runStatements([statement], operation: "creating the index \(index.name)")
            } catch {
                if try await indexExists(index) { continue }
                throw error
            }
        }
    }

    private func indexExists(_ index: IndexDefinition) async throws(StoreError) -> Bool {
        try await database.transaction("checking the index \(index.name)", .read) { session in
            try await !session.query(
                "SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
                    + "AND TABLE_NAME = ? AND INDEX_NAME = ? LIMIT 1",
                [.text(index.table), .text(index.name)]
            ).isEmpty
        }
    }
}
