internal import CMariaDB

/// The C client library's process-wide initialisation, done exactly once.
enum MySQLLibrary {
    /// `mysql_library_init` is a macro Swift cannot call; `mysql_server_init` is what it expands to.
    /// A `static let` is initialised once, thread-safely, before the first connection uses it.
    private static let initResult: Int32 = mysql_server_init(0, nil, nil)

    /// Initialises the library if that has not happened yet.
    /// - Throws: `.client` if the library could not initialise (out of memory).
    static func ensureInitialized() throws(MySQLError) {
        if initResult != 0 {
            throw MySQLError(code: .client, operation: .connect, detail: "mysql_server_init failed")
        }
    }
}
