/// How a transaction takes its locks; see <https://www.sqlite.org/lang_transaction.html>.
public enum SQLiteTransactionMode: Sendable, Hashable {
    /// Takes locks on first use. Right for read-only transactions. A deferred transaction that reads
    /// and then writes can fail with `.busy` (`SQLITE_BUSY_SNAPSHOT`) at once, without waiting, when
    /// another connection wrote in between: use ``immediate`` for transactions that write.
    case deferred
    /// Takes the write lock at `BEGIN`, waiting up to the busy timeout for it. Right for writers:
    /// two immediate transactions queue instead of deadlocking on a lock upgrade.
    case immediate
    /// Like ``immediate``; in WAL mode the two are the same.
    case exclusive

    var beginSQL: String {
        switch self {
        case .deferred: "BEGIN DEFERRED TRANSACTION"
        case .immediate: "BEGIN IMMEDIATE TRANSACTION"
        case .exclusive: "BEGIN EXCLUSIVE TRANSACTION"
        }
    }
}
