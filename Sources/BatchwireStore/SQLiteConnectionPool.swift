import SQLiteClient

/// A few ``SQLiteConnection``s to one file, each leased by one task at a time.
///
/// An SQLite connection's transaction belongs to the whole connection, so two tasks must never share one
/// between `BEGIN` and `COMMIT`; leasing gives each transaction its own. Writers then queue on SQLite's
/// write lock (`BEGIN IMMEDIATE` and the busy timeout), readers run beside them in WAL mode.
actor SQLiteConnectionPool {
    private let path: String
    private let configuration: SQLiteConfiguration
    private let maxConnections: Int
    private var idle: [SQLiteConnection] = []
    private var open = 0
    private var waiters: [CheckedContinuation<SQLiteConnection?, Never>] = []
    private var closed = false

    init(path: String, configuration: SQLiteConfiguration, maxConnections: Int) {
        self.path = path
        self.configuration = configuration
        self.maxConnections = max(1, maxConnections)
    }

    /// A connection for exclusive use; pair with ``release(_:)``.
    func lease() async throws -> SQLiteConnection {
        if closed { throw StoreError(.database, "the SQLite store was closed") }
        if let connection = idle.popLast() { return connection }
        if open < maxConnections {
            open += 1
            do {
                return try await SQLiteConnection(path: path, configuration: configuration)
            } catch {
                open -= 1
                throw error
            }
        }
        let connection = await withCheckedContinuation { waiters.append($0) }
        guard let connection else { throw StoreError(.database, "the SQLite store was closed") }
        return connection
    }

    /// Gives a connection back (rolling back a transaction left open).
    func release(_ connection: SQLiteConnection) async {
        if await connection.isInTransaction { try? await connection.rollback() }
        if closed {
            await connection.close()
            open -= 1
        } else if !waiters.isEmpty {
            waiters.removeFirst().resume(returning: connection)
        } else {
            idle.append(connection)
        }
    }

    /// Closes idle connections; leased ones close when released.
    func close() async {
        closed = true
        for waiter in waiters { waiter.resume(returning: nil) }
        waiters.removeAll()
        let connections = idle
        idle.removeAll()
        for connection in connections {
            await connection.close()
            open -= 1
        }
    }
}
