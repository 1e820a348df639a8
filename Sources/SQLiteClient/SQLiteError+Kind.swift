extension SQLiteError {
    /// The kinds of ``SQLiteError`` to match on. New kinds may be added; switch with a `default`.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        /// The kind's name, e.g. `"constraintUnique"`.
        public let description: String
        let advice: String

        private init(_ description: String, _ advice: String) {
            self.description = description
            self.advice = advice
        }

        public static func == (lhs: Kind, rhs: Kind) -> Bool { lhs.description == rhs.description }
        public func hash(into hasher: inout Hasher) { hasher.combine(description) }

        /// Another connection held the lock past the busy timeout (`SQLITE_BUSY`).
        public static let busy = Kind(
            "busy",
            "Another connection held the database lock for longer than the busy timeout: keep transactions "
                + "short, begin writing transactions with .immediate, or raise SQLiteConfiguration.busyTimeout."
        )
        /// A table is locked within this connection (`SQLITE_LOCKED`).
        public static let locked = Kind(
            "locked",
            "A table is locked by another statement of the same connection: finish that statement first."
        )
        /// A `UNIQUE` or `PRIMARY KEY` constraint failed (extended code 2067 or 1555).
        public static let constraintUnique = Kind(
            "constraintUnique",
            "A row with the same unique key already exists: treat it as a duplicate or change the key."
        )
        /// A `FOREIGN KEY` constraint failed (extended code 787).
        public static let constraintForeignKey = Kind(
            "constraintForeignKey",
            "A referenced row is missing or still referenced: insert the parent first, or delete the children first."
        )
        /// A `NOT NULL` constraint failed (extended code 1299).
        public static let constraintNotNull = Kind(
            "constraintNotNull",
            "A NOT NULL column received NULL: bind a value for it."
        )
        /// Any other constraint failed (`CHECK`, a trigger's `RAISE`, …).
        public static let constraint = Kind(
            "constraint",
            "A constraint rejected the change: check the table's CHECK constraints and triggers."
        )
        /// The database cannot be written (`SQLITE_READONLY`).
        public static let readonly = Kind(
            "readonly",
            "The database cannot be written: check the permissions of the file and its directory, "
                + "or write through a read-write connection."
        )
        /// The file is damaged or is not an SQLite database (`SQLITE_CORRUPT`, `SQLITE_NOTADB`).
        public static let corrupt = Kind(
            "corrupt",
            "The file is damaged or not an SQLite database: check the path, or restore it from a backup."
        )
        /// The file could not be opened (`SQLITE_CANTOPEN`).
        public static let cantOpen = Kind(
            "cantOpen",
            "The database file could not be opened: check that its directory exists and is writable."
        )
        /// The disk is full (`SQLITE_FULL`).
        public static let full = Kind("full", "The disk is full: free some space.")
        /// The operating system reported an I/O error (`SQLITE_IOERR`).
        public static let ioError = Kind("ioError", "The operating system reported an I/O error: check the disk.")
        /// The statement was interrupted (`SQLITE_INTERRUPT`), e.g. by ``SQLiteConnection/interrupt()``.
        public static let interrupted = Kind(
            "interrupted",
            "The statement was interrupted: run it again if the work is still wanted."
        )
        /// The SQL is wrong: a syntax error, an unknown table or column (`SQLITE_ERROR`).
        public static let sql = Kind(
            "sql",
            "Check the SQL: a syntax error, an unknown table or column, or a schema that was never created."
        )
        /// The schema changed under a prepared statement (`SQLITE_SCHEMA`).
        public static let schemaChanged = Kind("schemaChanged", "The schema changed while preparing: run it again.")
        /// A string or blob is larger than SQLite allows (`SQLITE_TOOBIG`).
        public static let tooBig = Kind("tooBig", "A string or blob exceeds SQLite's size limit: store less.")
        /// A value does not have the type asked for (`SQLITE_MISMATCH`, or a typed read of a row).
        public static let typeMismatch = Kind(
            "typeMismatch",
            "The value does not have the type asked for: read it as the type the column holds."
        )
        /// A row has no column of the name asked for.
        public static let columnNotFound = Kind(
            "columnNotFound",
            "The result has no such column: check the SELECT list and its aliases."
        )
        /// The number of bound values differs from the statement's placeholders (`SQLITE_RANGE`).
        public static let bindCount = Kind(
            "bindCount",
            "Bind exactly one value per placeholder of the statement."
        )
        /// The connection was closed, or SQLite was called out of order (`SQLITE_MISUSE`).
        public static let misuse = Kind(
            "misuse",
            "The connection was used after close or out of order: open a new connection."
        )
        /// SQLite ran out of memory (`SQLITE_NOMEM`).
        public static let noMemory = Kind("noMemory", "SQLite ran out of memory.")
        /// Any other result code; see ``SQLiteError/extendedResultCode``.
        public static let other = Kind("other", "See https://www.sqlite.org/rescode.html for the result code.")
    }
}
