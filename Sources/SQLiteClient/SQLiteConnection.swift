import Foundation
import Synchronization
import ThreadExecutor

/// One SQLite connection, on a thread of its own.
///
/// Every SQLite call blocks, so the actor runs on a dedicated ``ThreadExecutor`` thread rather than on
/// Swift's cooperative pool: a slow statement delays only this connection. Open as many connections
/// to one file as you need, one per actor; WAL mode lets readers run beside the single writer, and
/// the busy timeout makes writers wait for each other.
///
/// ```swift
/// let connection = try await SQLiteConnection(path: "/var/lib/batchwire/batchwire.sqlite")
/// try await connection.executeScript("CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, name TEXT UNIQUE)")
/// let id = try await connection.withTransaction(mode: .immediate) { connection in
///     try await connection.execute("INSERT INTO runs (name) VALUES (?)", [.text("nightly")]).lastInsertRowID
/// }
/// let rows = try await connection.query("SELECT name FROM runs WHERE id = ?", [.integer(id)])
/// await connection.close()
/// ```
///
/// Cancelling the calling task interrupts the running statement (`sqlite3_interrupt`) and the call
/// throws `CancellationError`; a cancelled transaction is rolled back.
///
/// A connection runs one statement at a time. Between `BEGIN` and `COMMIT` every caller of the
/// connection is inside the transaction, so give each task its own connection, or use
/// ``withSynchronousTransaction(mode:_:)``, whose closure nothing can interleave with.
public actor SQLiteConnection {
    /// The path the connection was opened with, or `":memory:"`.
    public nonisolated let path: String
    /// The configuration the connection was opened with.
    public nonisolated let configuration: SQLiteConfiguration
    /// The name of the connection's thread, e.g. `"sqlite-3"`.
    public nonisolated var threadName: String { executor.name }

    private let executor: ThreadExecutor
    private let interrupter = SQLiteInterrupter()
    private(set) var handle: SQLiteHandle?

    private static let counter = Atomic<Int>(0)

    /// Runs every method of this actor on the connection's dedicated thread.
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// This connection's thread as a task executor: run a transaction's code under
    /// `withTaskExecutorPreference(connection.taskExecutor)` and its calls to this connection stay on the
    /// connection's thread, with no hop to the cooperative pool and back between statements.
    public nonisolated var taskExecutor: any TaskExecutor { executor }

    /// Opens a connection on a new dedicated thread.
    ///
    /// A file is created when missing (unless ``SQLiteConfiguration/readOnly``); its directory must
    /// exist. `":memory:"` opens a private in-memory database that lives as long as the connection.
    /// - Parameters:
    ///   - path: the database file, or `":memory:"`.
    ///   - configuration: the journal mode, busy timeout and the rest; the defaults suit Batchwire.
    /// - Throws: ``SQLiteError`` (`.cantOpen`, `.corrupt`, `.readonly`, …) when the file cannot be
    ///   opened or set up.
    public init(path: String, configuration: SQLiteConfiguration = SQLiteConfiguration()) async throws {
        let number = Self.counter.wrappingAdd(1, ordering: .relaxed).newValue
        self.path = path
        self.configuration = configuration
        self.executor = ThreadExecutor(name: "sqlite-\(number)")
        // From here on the initializer runs on the actor's executor, that is the new thread.
        let handle = try SQLiteHandle(path: path, configuration: configuration)
        if let pointer = handle.pointer { interrupter.attach(pointer) }
        self.handle = handle
    }

    deinit {
        interrupter.detach()
        executor.shutdown()
    }

    /// Closes the connection and ends its thread. Later calls throw `.misuse`; closing twice is harmless.
    public func close() {
        guard let handle else { return }
        interrupter.detach()
        handle.close()
        self.handle = nil
        executor.shutdown()
    }

    /// Makes the statement running now, if any, fail with ``SQLiteError/Kind-swift.struct/interrupted``.
    /// Safe to call from anywhere; task cancellation calls it for you.
    public nonisolated func interrupt() {
        interrupter.interrupt()
    }

    /// Runs one statement, binding `binds` to its `?` placeholders in order.
    /// - Parameters:
    ///   - sql: exactly one statement; it is prepared once and cached by its text.
    ///   - binds: one value per placeholder.
    /// - Returns: the rows changed and the last inserted rowid.
    /// - Throws: ``SQLiteError``, or `CancellationError` when the task was cancelled.
    @discardableResult
    public func execute(_ sql: String, _ binds: [SQLiteValue] = []) async throws -> SQLiteExecuteResult {
        try await withInterruptOnCancel { try $0.execute(sql, binds) }
    }

    /// Runs one statement and returns all its rows.
    /// - Parameters:
    ///   - sql: exactly one statement; it is prepared once and cached by its text.
    ///   - binds: one value per placeholder.
    /// - Returns: the rows, each with typed access by index and column name.
    /// - Throws: ``SQLiteError``, or `CancellationError` when the task was cancelled.
    public func query(_ sql: String, _ binds: [SQLiteValue] = []) async throws -> [SQLiteRow] {
        try await withInterruptOnCancel { try $0.query(sql, binds) }
    }

    /// Runs several statements separated by semicolons, such as a schema, without binds or caching.
    /// Statements that ran before a failing one stay done unless the script is inside a transaction.
    /// - Parameter sql: the statements.
    /// - Throws: ``SQLiteError`` naming the first line of the statement that failed, or `CancellationError`.
    public func executeScript(_ sql: String) async throws {
        try await withInterruptOnCancel { try $0.executeScript(sql) }
    }

    /// Runs `body` with the open handle, interrupting SQLite when the task is cancelled meanwhile.
    func withInterruptOnCancel<T: Sendable>(_ body: (SQLiteHandle) throws -> T) async throws -> T {
        guard let handle else { throw SQLiteError.connectionClosed }
        try Task.checkCancellation()
        return try await withTaskCancellationHandler {
            // The closure must capture `self` to be isolated to this actor (and so run on its
            // thread); a closure that captured only `handle` would run on the cooperative pool.
            // Calling an isolated method without `await` makes the compiler check that it is.
            try self.run(body, with: handle)
        } onCancel: { [interrupter] in
            interrupter.interrupt()
        }
    }

    private func run<T>(_ body: (SQLiteHandle) throws -> T, with handle: SQLiteHandle) rethrows -> T {
        try body(handle)
    }
}
