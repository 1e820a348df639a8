/// The two context columns, `SHORT_CONTEXT` and `SERIALIZED_CONTEXT`, as Spring's
/// `JdbcExecutionContextDao` splits a serialized context between them.
public struct ExecutionContextColumns: Sendable, Hashable {
    /// `SHORT_CONTEXT` (`VARCHAR(2500) NOT NULL`).
    public let shortContext: String
    /// `SERIALIZED_CONTEXT` (`TEXT`, nullable): the whole string when it is too long for the short column.
    public let serializedContext: String?

    /// Spring's default `shortContextLength` (`DEFAULT_MAX_VARCHAR_LENGTH`).
    public static let defaultShortContextLength = 2500

    /// The suffix Spring appends to a cut short context.
    public static let ellipsis = " ..."

    /// Splits a serialized context.
    ///
    /// With `len` the length in UTF-16 code units (Java chars): if `len <= shortContextLength` the whole
    /// string goes in `SHORT_CONTEXT` and `SERIALIZED_CONTEXT` is NULL; otherwise `SHORT_CONTEXT` holds the
    /// first `shortContextLength - 8` units plus `" ..."` and `SERIALIZED_CONTEXT` the whole string. Unlike
    /// Java's `substring`, the cut never splits a surrogate pair (it is one unit shorter then); Base64
    /// contexts are ASCII, so this only matters for JSON.
    ///
    /// - Parameters:
    ///   - serialized: the serialized context (Base64 or JSON).
    ///   - shortContextLength: Spring's `shortContextLength` (default 2500).
    public init(serialized: String, shortContextLength: Int = ExecutionContextColumns.defaultShortContextLength) {
        if serialized.utf16.count <= shortContextLength {
            shortContext = serialized
            serializedContext = nil
        } else {
            shortContext =
                ExitStatus.truncate(serialized, toUTF16Length: shortContextLength - 8)
                + ExecutionContextColumns.ellipsis
            serializedContext = serialized
        }
    }

    /// Columns as read from a row.
    ///
    /// - Parameters:
    ///   - shortContext: `SHORT_CONTEXT`.
    ///   - serializedContext: `SERIALIZED_CONTEXT`, `nil` for NULL.
    public init(shortContext: String, serializedContext: String?) {
        self.shortContext = shortContext
        self.serializedContext = serializedContext
    }

    /// What Spring deserializes: `SERIALIZED_CONTEXT` if not NULL, else `SHORT_CONTEXT`.
    public var serialized: String {
        serializedContext ?? shortContext
    }
}
