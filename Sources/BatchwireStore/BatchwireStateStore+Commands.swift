import Foundation

extension BatchwireStateStore {
    /// Forgets a claimed idempotency key that has no result yet, so that the command can be sent again:
    /// for a command that failed before it changed anything (the database was unavailable). A key with a
    /// stored result is kept.
    ///
    /// - Parameter key: the key given to ``claimCommand(key:at:)``.
    /// - Throws: ``StoreError`` `.database`.
    public func releaseCommand(key: String) async throws(StoreError) {
        let table = context.names.commandKey
        try await context.database.transaction("releaseCommand") { session in
            try await session.execute(
                "DELETE FROM \(table) WHERE IDEMPOTENCY_KEY = ? AND RESULT IS NULL",
                [.text(key)]
            )
        }
    }

    /// Deletes the idempotency keys claimed before `cutoff`, with their results: a command repeated with
    /// such a key runs again.
    ///
    /// - Parameter cutoff: keys whose `CREATED_AT` is earlier than this instant are removed.
    /// - Returns: how many keys were deleted.
    /// - Throws: ``StoreError`` `.database`.
    @discardableResult
    public func pruneCommandKeys(createdBefore cutoff: Date) async throws(StoreError) -> Int {
        let table = context.names.commandKey
        return try await context.database.transaction("pruneCommandKeys") { session in
            try await session.execute("DELETE FROM \(table) WHERE CREATED_AT < ?", [.instant(cutoff)])
        }
    }
}
