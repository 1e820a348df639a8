/// One way the live schema differs from the expected one.
public struct SchemaDifference: Sendable, Hashable, CustomStringConvertible {
    /// The kind of difference, for matching.
    public enum Kind: String, Sendable, Hashable {
        case missingTable, missingColumn, unexpectedColumn, wrongType, wrongNullability
        case wrongPrimaryKey, missingUniqueKey, missingForeignKey, wrongConstraintName, wrongEngine, sequenceNotSeeded
    }

    /// The kind.
    public let kind: Kind
    /// The table concerned.
    public let table: String
    /// The column concerned, if any.
    public let column: String?
    /// What was expected (a type, a key), if relevant.
    public let expected: String?
    /// What the database holds, if relevant.
    public let actual: String?

    init(_ kind: Kind, table: String, column: String? = nil, expected: String? = nil, actual: String? = nil) {
        self.kind = kind
        self.table = table
        self.column = column
        self.expected = expected
        self.actual = actual
    }

    /// One line, e.g. `table SYSTEM_JOB_EXECUTION: column EXIT_CODE has type VARCHAR(100), expected VARCHAR(2500)`.
    public var description: String {
        let column = column ?? ""
        let expected = expected ?? ""
        let actual = actual ?? ""
        switch kind {
        case .missingTable: return "table \(table) is missing"
        case .missingColumn: return "table \(table): column \(column) is missing (expected \(expected))"
        case .unexpectedColumn:
            return "table \(table): column \(column) (\(actual)) is not in the Spring Batch schema; remove it"
        case .wrongType: return "table \(table): column \(column) has type \(actual), expected \(expected)"
        case .wrongNullability: return "table \(table): column \(column) is \(actual), expected \(expected)"
        case .wrongPrimaryKey: return "table \(table): primary key is \(actual), expected \(expected)"
        case .missingUniqueKey: return "table \(table): unique constraint \(expected) is missing"
        case .missingForeignKey: return "table \(table): foreign key \(expected) is missing"
        case .wrongConstraintName:
            return "table \(table): foreign key \(actual) is named differently, expected \(expected) "
                + "(constraint naming: spring or prefixed)"
        case .wrongEngine: return "table \(table): engine is \(actual), expected \(expected)"
        case .sequenceNotSeeded: return "table \(table): holds \(actual) rows, expected exactly one (run `batchwire db init`)"
        }
    }
}

/// The result of comparing a live database with ``MetadataSchema``.
public struct SchemaCheckReport: Sendable, Hashable, CustomStringConvertible {
    /// The tables that were checked, in schema order.
    public let checkedTables: [String]
    /// Every difference found; empty when the schema matches.
    public let differences: [SchemaDifference]

    /// Whether the schema matches.
    public var isMatching: Bool { differences.isEmpty }

    /// Whether every table is missing (an empty database: run `init`).
    public var isEmptyDatabase: Bool {
        differences.filter { $0.kind == .missingTable }.count == checkedTables.count
    }

    /// `schema matches (15 tables)` or one line per difference.
    public var description: String {
        if isMatching { return "schema matches (\(checkedTables.count) tables)" }
        return "schema differs in \(differences.count) place(s):\n"
            + differences.map { "  - \($0.description)" }.joined(separator: "\n")
    }
}
