/// How an ``SQLiteConnection`` opens and sets up its database.
///
/// The defaults suit Batchwire's metadata store: WAL so readers never block the writer, foreign keys
/// enforced, and a five-second busy timeout so concurrent writers wait for each other instead of failing.
public struct SQLiteConfiguration: Sendable, Hashable {
    /// How long a statement waits for another connection's lock before failing with `.busy`.
    /// Rounded down to milliseconds. Default: 5 seconds.
    public var busyTimeout: Duration
    /// Whether to switch the database to write-ahead logging (`PRAGMA journal_mode = WAL`). The mode is
    /// stored in the file, so one writer setting it is enough; in-memory databases ignore it.
    /// Default: `true`.
    public var walMode: Bool
    /// Whether to enforce foreign keys (`PRAGMA foreign_keys = ON`; SQLite's own default is off).
    /// Default: `true`.
    public var foreignKeys: Bool
    /// Whether to open the file read-only. A read-only connection never creates the file and never
    /// changes its journal mode. Default: `false`.
    public var readOnly: Bool
    /// How many prepared statements to keep, keyed by their SQL text; the least recently used is
    /// finalized when the cache is full. `0` prepares every statement afresh. Default: 64.
    public var statementCacheCapacity: Int

    /// Makes a configuration; every argument has the default described on its property.
    public init(
        busyTimeout: Duration = .seconds(5),
        walMode: Bool = true,
        foreignKeys: Bool = true,
        readOnly: Bool = false,
        statementCacheCapacity: Int = 64
    ) {
        self.busyTimeout = busyTimeout
        self.walMode = walMode
        self.foreignKeys = foreignKeys
        self.readOnly = readOnly
        self.statementCacheCapacity = statementCacheCapacity
    }

    /// The busy timeout in whole milliseconds, clamped to what `sqlite3_busy_timeout` takes.
    var busyTimeoutMilliseconds: Int32 {
        let (seconds, attoseconds) = busyTimeout.components
        let millis = seconds.multipliedReportingOverflow(by: 1000)
        guard !millis.overflow else { return seconds > 0 ? .max : 0 }
        let total = millis.partialValue + attoseconds / 1_000_000_000_000_000
        return Int32(clamping: max(0, total))
    }
}
