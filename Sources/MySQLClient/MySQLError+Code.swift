extension MySQLError {
    /// A matchable kind of error. Extensible: new codes can be added without breaking `switch`
    /// statements, since callers compare with `==` rather than switch exhaustively.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case duplicateKey, deadlock, lockWaitTimeout, nodeNotReady, connectionLost, connectionClosed
            case connectionFailed, accessDenied, unknownDatabase, noSuchTable, syntax
            case queryInterrupted, tlsUnavailable, tlsFailure, dataTooLong, foreignKeyViolation
            case notNullViolation, invalidArgument, typeMismatch, unexpectedNull, unknownColumn
            case poolClosed, server, client
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        public var description: String { base.rawValue }

        /// 1062/1586: a row with the same primary or unique key exists (SQLSTATE 23000).
        public static let duplicateKey = Code(.duplicateKey)
        /// 1213: the transaction was chosen as a deadlock victim and rolled back (SQLSTATE 40001).
        public static let deadlock = Code(.deadlock)
        /// 1205: waiting for a row lock took longer than `innodb_lock_wait_timeout`.
        public static let lockWaitTimeout = Code(.lockWaitTimeout)
        /// 1047 (`ER_UNKNOWN_COM_ERROR`, as Galera uses it: "WSREP has not yet prepared node for application
        /// use"): the cluster node takes no client statement yet (it is joining or rejoining, desynced, or an
        /// operator set `wsrep_reject_queries`). The statement did not run; the connection stays usable, and
        /// an open transaction stays open until it is rolled back or the connection closes.
        public static let nodeNotReady = Code(.nodeNotReady)
        /// 2006/2013/2055/1927/4031/1053: the connection broke or was killed; discard it.
        public static let connectionLost = Code(.connectionLost)
        /// The connection was closed by this process and cannot be used any more.
        public static let connectionClosed = Code(.connectionClosed)
        /// 2002/2003/2005: no server answered at the configured host, port or socket.
        public static let connectionFailed = Code(.connectionFailed)
        /// 1044/1045/1698: wrong user or password, or no access to the database.
        public static let accessDenied = Code(.accessDenied)
        /// 1049: the configured database does not exist.
        public static let unknownDatabase = Code(.unknownDatabase)
        /// 1146: a table named in the statement does not exist.
        public static let noSuchTable = Code(.noSuchTable)
        /// 1064 and other statement errors the server rejects before running it.
        public static let syntax = Code(.syntax)
        /// 1317/1969/3024: the statement was interrupted (`KILL QUERY`, max execution time).
        public static let queryInterrupted = Code(.queryInterrupted)
        /// TLS was required but the server does not offer it.
        public static let tlsUnavailable = Code(.tlsUnavailable)
        /// 2026: the TLS handshake or certificate verification failed.
        public static let tlsFailure = Code(.tlsFailure)
        /// 1406: a value is longer than its column.
        public static let dataTooLong = Code(.dataTooLong)
        /// 1451/1452: a foreign key constraint would be violated.
        public static let foreignKeyViolation = Code(.foreignKeyViolation)
        /// 1048/1364: NULL or no value for a NOT NULL column.
        public static let notNullViolation = Code(.notNullViolation)
        /// The call itself is wrong: bind count mismatch, bad configuration.
        public static let invalidArgument = Code(.invalidArgument)
        /// A column was read as a type it cannot be converted to.
        public static let typeMismatch = Code(.typeMismatch)
        /// A column was read with a non-optional accessor but holds NULL.
        public static let unexpectedNull = Code(.unexpectedNull)
        /// No column has the given name or index.
        public static let unknownColumn = Code(.unknownColumn)
        /// The connection pool was shut down.
        public static let poolClosed = Code(.poolClosed)
        /// Another server error: see ``MySQLError/number``.
        public static let server = Code(.server)
        /// Another client library error: see ``MySQLError/number``.
        public static let client = Code(.client)

        /// Maps a server or client error number to a code.
        public init(number: UInt32) {
            switch number {
            case 1062, 1586: self = .duplicateKey
            case 1213: self = .deadlock
            case 1205: self = .lockWaitTimeout
            case 1047: self = .nodeNotReady
            case 2006, 2013, 2055, 1927, 4031, 1053: self = .connectionLost
            case 2002, 2003, 2005: self = .connectionFailed
            case 1044, 1045, 1698: self = .accessDenied
            case 1049: self = .unknownDatabase
            case 1146: self = .noSuchTable
            case 1064, 1054, 1149: self = .syntax
            case 1317, 1969, 3024: self = .queryInterrupted
            case 2026: self = .tlsFailure
            case 1406: self = .dataTooLong
            case 1451, 1452, 1216, 1217: self = .foreignKeyViolation
            case 1048, 1364: self = .notNullViolation
            case 2000..<3000: self = .client
            default: self = .server
            }
        }

        /// What the caller should do about this kind of error.
        var advice: String {
            switch base {
            case .duplicateKey: "a row with the same unique key already exists; treat it as a conflict."
            case .deadlock: "the transaction was rolled back as a deadlock victim; run the whole transaction again."
            case .lockWaitTimeout:
                "a row lock was not granted in time; run the transaction again or shorten the one holding it."
            case .nodeNotReady:
                "the cluster node does not take queries yet (Galera joining or wsrep_reject_queries); retry shortly."
            case .connectionLost:
                "the connection to the server is gone; discard it, and retry on a new one if the work is idempotent."
            case .connectionClosed: "the connection was already closed; lease a new one."
            case .connectionFailed: "no server answered; check host, port or socket and that the server runs."
            case .accessDenied: "the server refused the credentials; check user, password and grants."
            case .unknownDatabase: "the database does not exist; create it or fix the configured name."
            case .noSuchTable: "a table does not exist; run the schema migration or check the table prefix."
            case .syntax: "the server rejected the statement; fix the SQL."
            case .queryInterrupted: "the statement was interrupted (killed or timed out); retry if still wanted."
            case .tlsUnavailable:
                "TLS is required but the server does not offer it; enable TLS on the server or relax the mode."
            case .tlsFailure: "the TLS handshake or certificate check failed; check the CA, certificate and host name."
            case .dataTooLong: "a value is longer than its column allows; shorten it or widen the column."
            case .foreignKeyViolation: "a foreign key constraint would be broken; write the parent row first."
            case .notNullViolation: "a NOT NULL column got no value; bind one."
            case .invalidArgument: "the call was invalid; fix the calling code."
            case .typeMismatch: "the column holds another type; read it with the matching accessor."
            case .unexpectedNull: "the column is NULL; check isNull first or read it as an optional."
            case .unknownColumn: "no such column in the result; check the SELECT list."
            case .poolClosed: "the connection pool was shut down; no more connections are handed out."
            case .server: "the server reported an error; see the error number in the MySQL manual."
            case .client: "the client library reported an error; see the error number in the MySQL manual."
            }
        }
    }
}
