import Foundation

extension BatchwireStateStore {
    /// Who holds a relay lease (`<prefix>BW_RELAY_LEASE`), until when.
    public struct RelayLease: Sendable, Hashable {
        /// The lease's name (one per outbox; the daemon uses `outbox`).
        public let name: String
        /// The node holding it.
        public let nodeID: String
        /// When it runs out unless renewed.
        public let expiresAt: Date
    }

    /// Takes or renews the relay lease `name` for `nodeID` until `expiresAt`: it succeeds when nobody holds the
    /// lease, when `nodeID` already holds it, or when the holder's lease ran out before `now`. Exactly one
    /// caller wins a contested lease (a conditional update, or the primary key for the first insert).
    ///
    /// - Returns: whether `nodeID` holds the lease now.
    /// - Throws: ``StoreError`` `.database` (also when the lease table is missing: run `batchwire db init`).
    public func acquireRelayLease(
        name: String, nodeID: String, until expiresAt: Date, at now: Date = Date()
    ) async throws(StoreError) -> Bool {
        let table = context.names.relayLease
        let database = context.database
        return try await database.transaction("acquireRelayLease", retryOnDuplicateKey: false) { session in
            let taken = try await session.execute(
                "UPDATE \(table) SET NODE_ID = ?, EXPIRES_AT = ? WHERE NAME = ? AND (NODE_ID = ? OR EXPIRES_AT < ?)",
                [.text(nodeID), .instant(expiresAt), .text(name), .text(nodeID), .instant(now)])
            if taken > 0 { return true }
            do {
                try await session.execute(
                    "INSERT INTO \(table) (NAME, NODE_ID, EXPIRES_AT) VALUES (?, ?, ?)",
                    [.text(name), .text(nodeID), .instant(expiresAt)])
                return true
            } catch where database.driver.classify(error) == .duplicateKey {
                return false  // another node holds it
            }
        }
    }

    /// Gives the relay lease `name` up if `nodeID` holds it, so another node can take it at once.
    ///
    /// - Returns: whether `nodeID` held it.
    /// - Throws: ``StoreError`` `.database`.
    @discardableResult
    public func releaseRelayLease(name: String, nodeID: String) async throws(StoreError) -> Bool {
        let table = context.names.relayLease
        return try await context.database.transaction("releaseRelayLease") { session in
            try await session.execute("DELETE FROM \(table) WHERE NAME = ? AND NODE_ID = ?", [.text(name), .text(nodeID)])
                > 0
        }
    }

    /// The relay lease `name` as stored (possibly expired), or `nil` when nobody took it or it was released.
    ///
    /// - Throws: ``StoreError`` `.database`.
    public func relayLease(name: String) async throws(StoreError) -> RelayLease? {
        let table = context.names.relayLease
        return try await context.database.transaction("relayLease", .read) { session in
            try await session.query("SELECT NAME, NODE_ID, EXPIRES_AT FROM \(table) WHERE NAME = ?", [.text(name)])
                .first.map { row throws(StoreError) in
                    RelayLease(
                        name: try row.text("NAME"), nodeID: try row.text("NODE_ID"),
                        expiresAt: try row.instant("EXPIRES_AT"))
                }
        }
    }
}
