/// An error from SQLite or from this wrapper.
///
/// Match on ``kind`` (`catch let error as SQLiteError where error.kind == .constraintUnique`); log
/// ``description``. The error names the SQL by its first line only and never holds a bound value, so
/// it is safe to log even when the binds are secrets.
public struct SQLiteError: Error, Sendable, Hashable {
    /// What went wrong, coarse enough to match on.
    public var kind: Kind
    /// SQLite's primary result code (`SQLITE_CONSTRAINT` is 19), or the closest one for errors this
    /// wrapper raises itself.
    public var resultCode: Int32
    /// SQLite's extended result code (`SQLITE_CONSTRAINT_UNIQUE` is 2067); equals ``resultCode`` when
    /// SQLite gives no more detail.
    public var extendedResultCode: Int32
    /// What failed: `"open"`, `"prepare"`, `"bind"`, `"step"`, `"begin"`, `"commit"`, `"decode"`, ….
    public var operation: String
    /// The first line of the SQL that failed, cut at 200 characters; `nil` when no SQL was involved.
    public var sql: String?
    /// SQLite's own message (`sqlite3_errmsg`), e.g. `"UNIQUE constraint failed: runs.name"`.
    public var sqliteMessage: String
    /// What to do about it.
    public var advice: String

    /// Makes an error; ``advice`` defaults to the advice for `kind`.
    /// - Parameters:
    ///   - kind: the coarse kind.
    ///   - resultCode: the primary result code.
    ///   - extendedResultCode: the extended result code; defaults to `resultCode`.
    ///   - operation: the step that failed.
    ///   - sql: the SQL involved; only its first line is kept.
    ///   - sqliteMessage: SQLite's message, or the wrapper's own.
    ///   - advice: what to do; defaults to the kind's advice.
    public init(
        kind: Kind,
        resultCode: Int32,
        extendedResultCode: Int32? = nil,
        operation: String,
        sql: String? = nil,
        sqliteMessage: String,
        advice: String? = nil
    ) {
        self.kind = kind
        self.resultCode = resultCode
        self.extendedResultCode = extendedResultCode ?? resultCode
        self.operation = operation
        self.sql = sql.map(Self.firstLine)
        self.sqliteMessage = sqliteMessage
        self.advice = advice ?? kind.advice
    }

    /// SQLite's message followed by the advice: `"UNIQUE constraint failed: runs.name. A row with …"`.
    public var message: String {
        let trimmed = sqliteMessage.hasSuffix(".") ? String(sqliteMessage.dropLast()) : sqliteMessage
        return "\(trimmed). \(advice)"
    }

    static func firstLine(of sql: String) -> String {
        let line = sql.drop(while: \.isWhitespace).prefix { $0 != "\n" && $0 != "\r" }
        return line.count > 200 ? String(line.prefix(200)) + "…" : String(line)
    }
}

extension SQLiteError: CustomStringConvertible {
    /// `SQLiteError.constraintUnique (19/2067) in step of "INSERT INTO runs …": UNIQUE constraint failed: …`
    public var description: String {
        var text = "SQLiteError.\(kind) (\(resultCode)/\(extendedResultCode)) in \(operation)"
        if let sql { text += " of \"\(sql)\"" }
        return text + ": " + message
    }
}
