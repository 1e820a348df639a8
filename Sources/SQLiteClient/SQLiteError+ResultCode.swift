internal import CSQLite3

extension SQLiteError {
    /// Any use of a connection after ``SQLiteConnection/close()``.
    static var connectionClosed: SQLiteError {
        SQLiteError(
            kind: .misuse,
            resultCode: SQLITE_MISUSE,
            operation: "use",
            sqliteMessage: "the connection is closed"
        )
    }

    /// The one place that turns an SQLite result code into an ``SQLiteError``.
    /// - Parameters:
    ///   - code: the (extended) result code a call returned.
    ///   - db: the connection, for `sqlite3_errmsg`; `nil` when there is none.
    ///   - operation: what was being done.
    ///   - sql: the SQL involved, if any.
    init(code: Int32, db: OpaquePointer?, operation: String, sql: String? = nil) {
        // A call made through an API without extended codes returns the primary one; the
        // connection still knows the extended one.
        var extended = code
        if code & 0xff == code, let db, sqlite3_errcode(db) == code { extended = sqlite3_extended_errcode(db) }
        let primary = extended & 0xff
        let message =
            db.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
        var advice: String?
        if extended == ExtendedCode.busySnapshot {
            advice =
                "A deferred transaction read a snapshot that another connection has since changed, so it cannot "
                + "write: run the transaction again, and begin writing transactions with .immediate."
        }
        self.init(
            kind: Kind(resultCode: primary, extendedResultCode: extended),
            resultCode: primary,
            extendedResultCode: extended,
            operation: operation,
            sql: sql,
            sqliteMessage: message,
            advice: advice
        )
    }
}

extension SQLiteError.Kind {
    init(resultCode: Int32, extendedResultCode: Int32) {
        switch resultCode {
        case SQLITE_ERROR: self = .sql
        case SQLITE_BUSY: self = .busy
        case SQLITE_LOCKED: self = .locked
        case SQLITE_NOMEM: self = .noMemory
        case SQLITE_READONLY: self = .readonly
        case SQLITE_INTERRUPT: self = .interrupted
        case SQLITE_IOERR: self = .ioError
        case SQLITE_CORRUPT, SQLITE_NOTADB: self = .corrupt
        case SQLITE_FULL: self = .full
        case SQLITE_CANTOPEN: self = .cantOpen
        case SQLITE_SCHEMA: self = .schemaChanged
        case SQLITE_TOOBIG: self = .tooBig
        case SQLITE_MISMATCH: self = .typeMismatch
        case SQLITE_MISUSE: self = .misuse
        case SQLITE_RANGE: self = .bindCount
        case SQLITE_CONSTRAINT:
            switch extendedResultCode {
            case ExtendedCode.constraintUnique, ExtendedCode.constraintPrimaryKey: self = .constraintUnique
            case ExtendedCode.constraintForeignKey: self = .constraintForeignKey
            case ExtendedCode.constraintNotNull: self = .constraintNotNull
            default: self = .constraint
            }
        default: self = .other
        }
    }
}

/// Extended result codes used above. `sqlite3.h` defines them as `(SQLITE_BUSY | (2<<8))`, macros
/// the Swift importer skips, so they are spelled out here the same way.
private enum ExtendedCode {
    static let busySnapshot = SQLITE_BUSY | 2 << 8
    static let constraintForeignKey = SQLITE_CONSTRAINT | 3 << 8
    static let constraintNotNull = SQLITE_CONSTRAINT | 5 << 8
    static let constraintPrimaryKey = SQLITE_CONSTRAINT | 6 << 8
    static let constraintUnique = SQLITE_CONSTRAINT | 8 << 8
}
