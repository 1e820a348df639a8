/// The connection pool's bookkeeping as a value-type state machine.
///
/// It never does I/O: each transition returns what the pool must do next (hand over an idle
/// connection, open one, wait, resume a waiter, close a connection), and the pool does it outside
/// the lock. "Slots" count connections that exist or are being opened; a lease owns one slot.
struct MySQLPoolState {
    /// What a lease receives: an idle connection to reuse, or a slot to open a new connection in.
    enum Grant: Sendable {
        case connection(MySQLConnection, idleSince: ContinuousClock.Instant)
        case openSlot
    }

    typealias Waiter = CheckedContinuation<Grant, any Error>

    enum LeaseAction {
        case grant(Grant)
        case wait
        case fail(any Error)
    }

    enum ReleaseAction {
        case none
        case resume(Waiter, Grant)
        case close(MySQLConnection)
    }

    let maxConnections: Int
    private var idle: [(connection: MySQLConnection, since: ContinuousClock.Instant)] = []
    private var slotsInUse = 0
    private var waiters: [(id: UInt64, continuation: Waiter)] = []
    private var cancelledWaiters: Set<UInt64> = []
    private(set) var isShutDown = false

    init(maxConnections: Int) {
        self.maxConnections = max(1, maxConnections)
    }

    /// Counts for monitoring: connections open or opening, idle ones, and tasks waiting.
    var statistics: (slots: Int, idle: Int, waiting: Int) { (slotsInUse + idle.count, idle.count, waiters.count) }

    /// A lease arrives. If it must wait, its continuation is stored under `waiterID`.
    mutating func lease(waiterID: UInt64, continuation: Waiter) -> LeaseAction {
        if isShutDown { return .fail(MySQLError(code: .poolClosed, operation: .pool)) }
        if cancelledWaiters.remove(waiterID) != nil { return .fail(CancellationError()) }
        if let reusable = idle.popLast() {
            slotsInUse += 1
            return .grant(.connection(reusable.connection, idleSince: reusable.since))
        }
        if slotsInUse < maxConnections {
            slotsInUse += 1
            return .grant(.openSlot)
        }
        waiters.append((waiterID, continuation))
        return .wait
    }

    /// A waiting lease was cancelled: returns its continuation to resume with `CancellationError`,
    /// or remembers the id if the lease has not arrived yet.
    mutating func cancel(waiterID: UInt64) -> Waiter? {
        if let index = waiters.firstIndex(where: { $0.id == waiterID }) {
            return waiters.remove(at: index).continuation
        }
        cancelledWaiters.insert(waiterID)
        return nil
    }

    /// A lease ends. `connection` is the connection to keep, or `nil` if it was discarded (or never opened).
    mutating func release(_ connection: MySQLConnection?, now: ContinuousClock.Instant) -> ReleaseAction {
        if isShutDown {
            slotsInUse -= 1
            return connection.map { .close($0) } ?? .none
        }
        if !waiters.isEmpty {
            let waiter = waiters.removeFirst().continuation
            return .resume(waiter, connection.map { .connection($0, idleSince: now) } ?? .openSlot)
        }
        slotsInUse -= 1
        if let connection { idle.append((connection, now)) }
        return .none
    }

    /// Marks the pool shut down; returns the idle connections to close and the waiters to fail.
    mutating func shutDown() -> (idle: [MySQLConnection], waiters: [Waiter]) {
        isShutDown = true
        let connections = idle.map(\.connection)
        let pending = waiters.map(\.continuation)
        idle.removeAll()
        waiters.removeAll()
        return (connections, pending)
    }
}
