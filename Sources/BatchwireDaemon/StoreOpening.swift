import BatchwireRuntime
import BatchwireStore
import Foundation

/// Opens the metadata store a configuration names.
public enum StoreOpening {
    /// What to do with a database that has no Batchwire tables yet.
    public enum EmptyDatabase: Sendable {
        /// Create the tables, or those missing (the embedded SQLite default: `batchwire serve` works with no
        /// setup, and after an upgrade that added tables).
        case initialize
        /// Refuse, asking for `batchwire db init`.
        case refuse

        /// What every command does with `database`: the embedded SQLite default is initialised (it works
        /// with no setup), a MySQL server is refused until an operator runs `batchwire db init`.
        public static func policy(for database: DatabaseURL) -> EmptyDatabase {
            if case .sqlite = database { return .initialize }
            return .refuse
        }
    }

    /// The store location of a configured database URL.
    /// - Throws: a message naming what is wrong with the URL.
    public static func location(_ url: DatabaseURL) throws -> DatabaseLocation {
        let text: String
        switch url {
        case .sqlite(let path):
            text = "sqlite:\(path)"
        case .mysql(let host, let port, let user, let password, let database):
            let encodedUser = user.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? user
            let encodedPassword = password.addingPercentEncoding(withAllowedCharacters: .urlPasswordAllowed) ?? password
            text = "mysql://\(encodedUser):\(encodedPassword)@\(host):\(port)/\(database)"
        }
        return try DatabaseLocation(url: text)
    }

    /// The store settings that follow from the resolved settings: table prefix, constraint naming and the
    /// JOB_KEY zone.
    ///
    /// - Throws: what ``location(_:)`` throws for a database URL that is not valid.
    public static func storeConfiguration(_ configuration: BatchwireConfiguration, maxConnections: Int = 8) throws
        -> MetadataStoreConfiguration
    {
        var storeConfiguration = MetadataStoreConfiguration(
            location: try location(configuration.database), tablePrefix: configuration.tablePrefix)
        storeConfiguration.maxConnections = max(storeConfiguration.maxConnections, maxConnections, 2)
        storeConfiguration.constraintNaming = configuration.constraintNaming
        storeConfiguration.jobKeyGenerator.zone = configuration.jobKeyZone
        return storeConfiguration
    }

    /// Opens the store and checks its schema.
    ///
    /// - Parameters:
    ///   - configuration: the resolved settings.
    ///   - emptyDatabase: whether a database without tables is initialised or refused.
    ///   - maxConnections: the pool size (at least 2).
    /// - Returns: the store and whether it was initialised now.
    /// - Throws: ``StoreError`` when the database cannot be opened or its schema does not match (the
    ///   error lists the differences).
    public static func open(
        _ configuration: BatchwireConfiguration, emptyDatabase: EmptyDatabase, maxConnections: Int = 8
    ) async throws -> (store: MetadataStore, initialized: Bool) {
        let storeConfiguration = try storeConfiguration(configuration, maxConnections: maxConnections)
        let store = try await MetadataStore.open(storeConfiguration)
        do {
            let report = try await store.checkSchema()
            if emptyDatabase == .initialize && !report.isMatching {
                // Creates what is missing (all of a new file, or tables and nullable BW_ columns a newer Batchwire added).
                _ = try await store.initializeSchema()
                try await store.verifySchema()
                return (store, report.isEmptyDatabase)
            }
            try await store.verifySchema()
            return (store, false)
        } catch {
            await store.close()
            throw error
        }
    }
}
