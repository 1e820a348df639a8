import Synchronization

/// A small pool of ``MySQLConnection``s to one server.
///
/// Connections are opened on demand up to ``maxConnections``; further leases wait (first come, first
/// served) until one is released. A connection idle for longer than the validation interval is
/// pinged before it is handed out, and replaced if the ping fails. A connection that lost its
/// server (2006/2013, `KILL`) is discarded when released, never returned to the pool; an open
/// transaction left behind is rolled back.
///
/// ```swift
/// let pool = MySQLConnectionPool(configuration: configuration, maxConnections: 8)
/// let count = try await pool.withConnection { connection in
///     try await connection.query("SELECT COUNT(*) FROM t")[0].int64(0)
/// }
/// await pool.shutdown()
/// ```
public final class MySQLConnectionPool: Sendable {
    /// Where the pool's connections go.
    public let configuration: MySQLConfiguration
    /// The most connections open at once.
    public var maxConnections: Int { maxSlots }
    /// How long a connection may sit idle before it is pinged on its next lease.
    public let validationInterval: Duration

    private let maxSlots: Int
    private let state: Mutex<MySQLPoolState>
    private let waiterIDs = Atomic<UInt64>(0)

    /// Makes a pool. No connection is opened until the first lease.
    /// - Parameters:
    ///   - configuration: server, credentials and options for every connection.
    ///   - maxConnections: the most connections open at once (at least 1).
    ///   - validationInterval: idle time after which a connection is pinged before reuse.
    public init(
        configuration: MySQLConfiguration,
        maxConnections: Int = 8,
        validationInterval: Duration = .seconds(10)
    ) {
        self.configuration = configuration
        self.maxSlots = max(1, maxConnections)
        self.validationInterval = validationInterval
        self.state = Mutex(MySQLPoolState(maxConnections: maxConnections))
    }

    /// Connections open or opening, idle ones, and leases waiting.
    public var statistics: (open: Int, idle: Int, waiting: Int) {
        let counts = state.withLock { $0.statistics }
        return (counts.slots, counts.idle, counts.waiting)
    }

    /// Leases a connection, runs `body` with it, and releases it.
    /// - Parameter body: the work; it runs on the caller's actor. Do not keep the connection after it returns.
    /// - Returns: what `body` returns.
    /// - Throws: what `body` throws, or ``MySQLError`` if no connection could be opened
    ///   (`.poolClosed` after ``shutdown()``), or `CancellationError` if cancelled while waiting.
    @discardableResult
    public nonisolated(nonsending) func withConnection<T>(
        _ body: nonisolated(nonsending) (MySQLConnection) async throws -> T
    ) async throws -> T {
        let connection = try await lease()
        do {
            let result = try await body(connection)
            await release(connection)
            return result
        } catch {
            await release(connection)
            throw error
        }
    }

    /// Leases a connection and runs `body` in a transaction on it (see ``MySQLConnection/withTransaction(_:)``).
    @discardableResult
    public nonisolated(nonsending) func withTransaction<T>(
        _ body: nonisolated(nonsending) (MySQLConnection) async throws -> T
    ) async throws -> T {
        try await withConnection { connection in try await connection.withTransaction(body) }
    }

    /// Leases a connection for exclusive use. Every lease must be paired with ``release(_:)``;
    /// prefer ``withConnection(_:)``.
    /// - Throws: ``MySQLError`` (`.poolClosed`, or the connect error), or `CancellationError`.
    public func lease() async throws -> MySQLConnection {
        let grant = try await acquireGrant()
        if case .connection(let connection, let idleSince) = grant {
            if await isReusable(connection, idleSince: idleSince) { return connection }
            await connection.close()
        }
        do {
            return try await MySQLConnection.connect(configuration: configuration)
        } catch {
            await releaseSlot(nil)
            throw error
        }
    }

    /// Returns a leased connection. A lost or closed connection is discarded; an open transaction
    /// is rolled back first (and the connection discarded if that fails).
    public func release(_ connection: MySQLConnection) async {
        let keep = await connection.prepareForReuse()
        if !keep { await connection.close() }
        await releaseSlot(keep ? connection : nil)
    }

    /// Closes idle connections and fails waiting leases with `.poolClosed`. Leased connections are
    /// closed when they are released. Later leases fail with `.poolClosed`.
    public func shutdown() async {
        let (idle, waiters) = state.withLock { $0.shutDown() }
        for waiter in waiters { waiter.resume(throwing: MySQLError(code: .poolClosed, operation: .pool)) }
        for connection in idle { await connection.close() }
    }

    private func isReusable(_ connection: MySQLConnection, idleSince: ContinuousClock.Instant) async -> Bool {
        guard await connection.isUsable else { return false }
        guard ContinuousClock.now - idleSince >= validationInterval else { return true }
        do {
            try await connection.ping()
            return true
        } catch {
            return false
        }
    }

    private func acquireGrant() async throws -> MySQLPoolState.Grant {
        let id = waiterIDs.add(1, ordering: .relaxed).newValue
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: MySQLPoolState.Waiter) in
                let action = state.withLock { $0.lease(waiterID: id, continuation: continuation) }
                switch action {
                case .grant(let grant): continuation.resume(returning: grant)
                case .fail(let error): continuation.resume(throwing: error)
                case .wait: break
                }
            }
        } onCancel: {
            if let waiter = state.withLock({ $0.cancel(waiterID: id) }) {
                waiter.resume(throwing: CancellationError())
            }
        }
    }

    private func releaseSlot(_ connection: MySQLConnection?) async {
        let action = state.withLock { $0.release(connection, now: .now) }
        switch action {
        case .none: break
        case .resume(let waiter, let grant): waiter.resume(returning: grant)
        case .close(let connection): await connection.close()
        }
    }
}
