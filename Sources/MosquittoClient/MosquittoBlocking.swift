import ThreadExecutor

/// Where the blocking libmosquitto calls run (TCP connect, joining the loop thread, destroying a client): the
/// threads of one pool, never the cooperative pool. These calls happen once per connect, disconnect or client,
/// so two idle threads are kept for the next ones and a burst of them gets a thread each.
enum MosquittoBlocking {
    static let pool = BlockingCallPool(name: "mqtt-blocking", idleLimit: 2)

    /// Runs a blocking libmosquitto call on a thread of the pool.
    static func run<T: Sendable>(_ body: @Sendable () -> T) async -> T {
        await pool.run(body)
    }
}
