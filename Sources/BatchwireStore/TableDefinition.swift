/// The expected shape of one table: what `init` creates and what `check` compares against.
public struct TableDefinition: Sendable, Hashable {
    /// One column.
    public struct Column: Sendable, Hashable {
        /// The column name.
        public let name: String
        /// The type as MySQL's DDL spells it (`BIGINT`, `VARCHAR(100)`, `DATETIME(6)`, `CHAR(1)`, `TEXT`).
        public let mysqlType: String
        /// The declared type on SQLite (usually the same words, which SQLite keeps verbatim).
        public let sqliteType: String
        /// Whether NULL is allowed.
        public let nullable: Bool
        /// Whether the DDL says `DEFAULT NULL` (Spring's `START_TIME`, `END_TIME`).
        let defaultNull: Bool

        init(_ name: String, _ type: String, nullable: Bool = true, defaultNull: Bool = false, sqliteType: String? = nil) {
            self.name = name
            self.mysqlType = type
            self.sqliteType = sqliteType ?? type
            self.nullable = nullable
            self.defaultNull = defaultNull
        }

        /// The type for `dialect`.
        func type(for dialect: SQLDialect) -> String {
            dialect == .mysql ? mysqlType : sqliteType
        }
    }

    /// A unique constraint.
    public struct UniqueKey: Sendable, Hashable {
        /// The constraint (index) name; per table on MySQL.
        public let name: String
        /// The columns, in order.
        public let columns: [String]
    }

    /// A foreign key.
    public struct ForeignKey: Sendable, Hashable {
        /// The constraint name (unique per database on MySQL).
        public let name: String
        /// The referencing columns.
        public let columns: [String]
        /// The referenced table (prefixed).
        public let referencedTable: String
        /// The referenced columns.
        public let referencedColumns: [String]
    }

    /// The full (prefixed) table name.
    public let name: String
    /// The columns, in DDL order.
    public let columns: [Column]
    /// The primary key columns; empty when there is none (`BATCH_JOB_EXECUTION_PARAMS`, the sequences).
    public let primaryKey: [String]
    /// The unique constraints.
    public let uniqueKeys: [UniqueKey]
    /// The foreign keys.
    public let foreignKeys: [ForeignKey]
    /// Whether this is a sequence table that `init` seeds with one row (ID 0, UNIQUE_KEY '0').
    public let isSequence: Bool
    /// Whether the primary key is an auto-increment integer (Batchwire's outbox only).
    let autoIncrementKey: Bool
    /// Whether this is one of Spring Batch's 9 tables (as opposed to Batchwire's own).
    public let isSpringTable: Bool

    init(
        name: String, columns: [Column], primaryKey: [String] = [], uniqueKeys: [UniqueKey] = [],
        foreignKeys: [ForeignKey] = [], isSequence: Bool = false, autoIncrementKey: Bool = false,
        isSpringTable: Bool
    ) {
        self.name = name
        self.columns = columns
        self.primaryKey = primaryKey
        self.uniqueKeys = uniqueKeys
        self.foreignKeys = foreignKeys
        self.isSequence = isSequence
        self.autoIncrementKey = autoIncrementKey
        self.isSpringTable = isSpringTable
    }
}

/// The two SQL dialects the store speaks.
public enum SQLDialect: String, Sendable, Hashable {
    /// MySQL 8 / MariaDB 10.11+.
    case mysql
    /// SQLite 3.
    case sqlite
}
