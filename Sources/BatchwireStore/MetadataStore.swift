import BatchwireCore
import Logging

/// The metadata store: Spring Batch 5's tables (and Batchwire's side tables) on MySQL or SQLite, with a
/// ``JobRepository`` to write them and a ``JobExplorer`` to read them.
///
/// ```swift
/// let store = try await MetadataStore.open(MetadataStoreConfiguration(location: .sqlite(path: "batchwire.sqlite")), logger: logger)
/// try await store.initializeSchema()          // `batchwire db init`
/// try await store.verifySchema()              // the daemon, at startup
/// let execution = try await store.repository.createJobExecution(jobName: "nightly", parameters: parameters)
/// await store.close()
/// ```
public final class MetadataStore: Sendable {
    /// The configuration the store was opened with.
    public let configuration: MetadataStoreConfiguration
    /// The expected schema.
    public let schema: MetadataSchema
    /// Writes executions (Spring's `JobRepository`).
    public let repository: JobRepository
    /// Reads executions (Spring's `JobExplorer`).
    public let explorer: JobExplorer
    /// Batchwire's own state: fired schedule slots, outbox, nodes, ownership, pauses, command keys.
    public let state: BatchwireStateStore

    let database: Database

    private init(configuration: MetadataStoreConfiguration, database: Database) {
        self.configuration = configuration
        self.schema = configuration.schema
        self.database = database
        let context = StoreContext(configuration: configuration, database: database)
        self.repository = JobRepository(context: context)
        self.explorer = JobExplorer(context: context)
        self.state = BatchwireStateStore(context: context)
    }

    /// Opens the store. Connections are made lazily, on first use.
    /// - Parameters:
    ///   - configuration: the database and Spring options.
    ///   - logger: where retries (debug) and schema changes (info) are logged; nothing by default.
    /// - Throws: ``StoreError`` `.invalidArgument` for an invalid table prefix.
    public static func open(
        _ configuration: MetadataStoreConfiguration, logger: Logger = MetadataStore.noLogging
    ) async throws(StoreError) -> MetadataStore {
        guard TableNames.isValidPrefix(configuration.tablePrefix) else {
            throw StoreError(
                .invalidArgument,
                "the table prefix must be 1-40 letters, digits or underscores, not starting with a digit (e.g. BATCH_)")
        }
        let driver: any DatabaseDriver
        switch configuration.location {
        case .sqlite(let path): driver = SQLiteDriver(path: path, maxConnections: configuration.maxConnections)
        case .mysql(let mysql): driver = MySQLDriver(configuration: mysql, maxConnections: configuration.maxConnections)
        }
        let database = Database(driver: driver, maxAttempts: configuration.maxTransactionAttempts, logger: logger)
        return MetadataStore(configuration: configuration, database: database)
    }

    /// A logger that discards everything, for callers that have no logging set up (tests).
    public static var noLogging: Logger {
        Logger(label: "batchwire.store", factory: { _ in SwiftLogNoOpLogHandler() })
    }

    /// The dialect of the database.
    public var dialect: SQLDialect { database.dialect }

    /// Creates every missing table and seeds empty sequence tables; running it again changes nothing.
    /// Also adds Batchwire's missing plain indexes (``MetadataSchema/indexes``), to existing tables too, and the
    /// nullable columns a newer Batchwire added to its own tables (``addMissingColumns()``).
    ///
    /// Existing tables are otherwise never altered: call ``checkSchema()`` afterwards (`batchwire db init` does) to
    /// find tables that exist with another shape.
    /// - Returns: the check of the schema after creating it.
    /// - Throws: ``StoreError`` `.database` when the DDL fails (permissions, a foreign-key name already used
    ///   in the database by another prefix: see ``ConstraintNaming``).
    @discardableResult
    public func initializeSchema() async throws(StoreError) -> SchemaCheckReport {
        let dialect = database.dialect
        let creates = schema.tables.map { schema.createStatement(for: $0, dialect: dialect) }
        try await database.runStatements(creates, operation: "creating the schema")
        try await addMissingColumns()
        try await createMissingIndexes()
        try await database.runStatements(
            schema.seedStatements(), operation: "seeding the sequence tables", ignoringDuplicateKeys: true)
        database.logger.info("schema initialized", metadata: ["prefix": "\(schema.names.prefix)"])
        return try await checkSchema()
    }

    /// Compares the live schema with the expected one: missing tables and columns, wrong types,
    /// nullability, keys, engine, unseeded sequences.
    /// - Throws: ``StoreError`` `.database` if the database cannot be read.
    public func checkSchema() async throws(StoreError) -> SchemaCheckReport {
        let inspector = SchemaInspector(schema: schema, dialect: database.dialect)
        return try await database.transaction("checking the schema", .read) { session in
            try await inspector.check(session)
        }
    }

    /// What the daemon calls at startup: throws unless the schema matches.
    /// - Throws: ``StoreError`` `.schemaMismatch` whose message lists every difference and says to run
    ///   `batchwire db init` (empty database) or fix the tables; `.database` if it cannot be read.
    public func verifySchema() async throws(StoreError) {
        let report = try await checkSchema()
        guard !report.isMatching else { return }
        let advice =
            report.isEmptyDatabase
            ? "the database has none of the \(schema.names.prefix)* tables: run `batchwire db init` first"
            : "run `batchwire db init` to add missing tables and Batchwire's new columns, and fix the other tables listed "
                + "(or point BATCHWIRE_TABLE_PREFIX at the right ones); `batchwire db check` shows the same list"
        throw StoreError(.schemaMismatch, "the metadata schema does not match Spring Batch 5: \(advice). \(report)")
    }

    /// Drops every table of this prefix (Spring's and Batchwire's). For tests and tear-down; irreversible.
    public func dropSchema() async throws(StoreError) {
        try await database.runStatements(schema.dropStatements(), operation: "dropping the schema")
    }

    /// Closes every connection. The store cannot be used afterwards.
    public func close() async {
        await database.close()
    }
}

/// What the repository, explorer and state store share.
struct StoreContext: Sendable {
    let configuration: MetadataStoreConfiguration
    let database: Database
    /// Where run transitions are committed together (half the pool's connections write groups at once).
    let groups: GroupCommit
    /// Where slots that start no run are recorded many at a time (one unit of a group per batch).
    let givenUpSlots: GivenUpSlotBatch
    /// Where the incrementers' last parameters of many jobs asked at once are read with one query.
    let lastParameters: LastParametersReads

    init(configuration: MetadataStoreConfiguration, database: Database) {
        self.configuration = configuration
        self.database = database
        let names = TableNames(prefix: configuration.tablePrefix, jobSequence: configuration.jobSequence)
        self.groups = GroupCommit(
            database: database, outboxTable: names.eventOutbox,
            maxGroupsInFlight: max(1, min(4, configuration.maxConnections / 2)))
        self.givenUpSlots = GivenUpSlotBatch(groups: groups, names: names)
        self.lastParameters = LastParametersReads()
    }
    var names: TableNames { TableNames(prefix: configuration.tablePrefix, jobSequence: configuration.jobSequence) }
}
