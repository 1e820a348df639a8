/// Lets this process's SQLite write transactions take the database's write lock one after another, first come
/// first served.
///
/// SQLite has one writer at a time. Without this queue every writer asks the file lock itself, and one that
/// finds it taken sleeps in SQLite's busy handler (1, 2, 5, … ms) before it looks again, so the lock sits idle
/// while writers sleep. With it, a writer waits here and is handed its turn the moment the one before it
/// commits. In the event benchmark half of the transactions used to sleep at least 1 ms. Writers in other
/// processes (the CLI) still meet at the file lock and its busy timeout.
///
/// A write transaction must not wait for another write transaction of this process while it holds its turn (it
/// never did: with SQLite that waited for the busy timeout and failed).
actor SQLiteWriterQueue {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Waits for this writer's turn.
    func enter() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// How many writers are waiting for their turn.
    var waitingCount: Int { waiting.count }

    /// Ends this writer's turn and hands it to the next one waiting.
    func leave() {
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}
