internal import CMariaDB

/// Owns one C `MYSQL*` connection handle and is the single place where C failures become ``MySQLError``.
///
/// Not Sendable on purpose: exactly one ``MySQLConnection`` actor owns it and calls it only from
/// that actor's dedicated thread, so the handle is never used by two threads at once.
final class MySQLHandle {
    private(set) var mysql: UnsafeMutablePointer<MYSQL>?
    /// Set once an error said the connection is gone; the handle must then be discarded.
    private(set) var isBroken = false

    /// Opens a connection. Blocks: call only on the owning connection's thread.
    /// - Throws: the connect error (`.accessDenied`, `.connectionFailed`, `.tlsUnavailable`, …).
    init(configuration: MySQLConfiguration) throws(MySQLError) {
        try MySQLLibrary.ensureInitialized()
        guard let mysql = mysql_init(nil) else {
            throw MySQLError(code: .client, operation: .connect, detail: "mysql_init: out of memory")
        }
        self.mysql = mysql
        do {
            try applyOptions(configuration)
            try connect(configuration)
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    /// Closes the connection (sends COM_QUIT if it still can). Safe to call twice.
    func close() {
        if let mysql {
            mysql_close(mysql)
            self.mysql = nil
        }
    }

    /// The server's id for this connection (`CONNECTION_ID()`), usable with `KILL`.
    var serverConnectionID: UInt64 {
        guard let mysql else { return 0 }
        return UInt64(mysql_thread_id(mysql))
    }

    /// Whether a transaction is open on the server (its status flag `SERVER_STATUS_IN_TRANS`).
    var isInTransaction: Bool {
        guard let mysql else { return false }
        return mysql.pointee.server_status & UInt32(SERVER_STATUS_IN_TRANS) != 0
    }

    /// The TLS cipher in use, or `nil` for a plain connection.
    var tlsCipher: String? {
        guard let mysql, let cipher = mysql_get_ssl_cipher(mysql) else { return nil }
        return String(cString: cipher)
    }

    /// The live C handle, or `.connectionClosed` if it was closed or broke.
    func live(_ operation: MySQLError.Operation) throws(MySQLError) -> UnsafeMutablePointer<MYSQL> {
        guard let mysql, !isBroken else {
            throw MySQLError(code: isBroken ? .connectionLost : .connectionClosed, operation: operation)
        }
        return mysql
    }

    // MARK: The choke point

    /// Turns a C call's failure into a thrown ``MySQLError``, reading the number, SQLSTATE and message
    /// from the statement (if given) or the connection. Every C return code goes through here.
    /// - Parameters:
    ///   - failed: whether the C call reported failure (callers pass `rc != 0`, `ptr == nil`, …).
    ///   - operation: what was being done.
    ///   - statement: the statement handle the call was made on, if any.
    func check(
        _ failed: Bool,
        _ operation: MySQLError.Operation,
        statement: UnsafeMutablePointer<MYSQL_STMT>? = nil
    ) throws(MySQLError) {
        guard failed else { return }
        throw lastError(operation, statement: statement)
    }

    /// The error the C library last recorded, as a ``MySQLError``; marks the handle broken if the
    /// error means the connection is gone.
    func lastError(
        _ operation: MySQLError.Operation,
        statement: UnsafeMutablePointer<MYSQL_STMT>? = nil
    ) -> MySQLError {
        var number: UInt32 = 0
        var sqlState = "HY000"
        var message = ""
        if let statement, mysql_stmt_errno(statement) != 0 {
            number = mysql_stmt_errno(statement)
            sqlState = String(cString: mysql_stmt_sqlstate(statement))
            message = String(cString: mysql_stmt_error(statement))
        } else if let mysql {
            number = mysql_errno(mysql)
            sqlState = String(cString: mysql_sqlstate(mysql))
            message = String(cString: mysql_error(mysql))
        }
        if number == 0 {
            return MySQLError(
                code: .client,
                sqlState: sqlState,
                operation: operation,
                detail: "the C client reported failure without an error number"
            )
        }
        let error = MySQLError(
            code: MySQLError.Code(number: number),
            number: number,
            sqlState: sqlState,
            serverMessage: message,
            operation: operation
        )
        if error.code == .connectionLost { isBroken = true }
        return error
    }

    /// Marks the handle unusable, e.g. after a wrapper-detected protocol problem.
    func markBroken() { isBroken = true }

    // MARK: Connecting

    private func setOption(_ option: mysql_option, _ value: UInt32) throws(MySQLError) {
        var value = value
        try check(mysql_options(mysql, option, &value) != 0, .connect)
    }

    private func setOption(_ option: mysql_option, _ value: Bool) throws(MySQLError) {
        var flag: my_bool = value ? 1 : 0
        try check(mysql_options(mysql, option, &flag) != 0, .connect)
    }

    private func setOption(_ option: mysql_option, _ value: String) throws(MySQLError) {
        // mysql_options copies the string.
        let failed = value.withCString { mysql_options(mysql, option, $0) != 0 }
        try check(failed, .connect)
    }

    private func applyOptions(_ configuration: MySQLConfiguration) throws(MySQLError) {
        try setOption(MYSQL_OPT_CONNECT_TIMEOUT, configuration.connectTimeout.wholeSecondsRoundedUp)
        if let readTimeout = configuration.readTimeout {
            try setOption(MYSQL_OPT_READ_TIMEOUT, readTimeout.wholeSecondsRoundedUp)
            try setOption(MYSQL_OPT_WRITE_TIMEOUT, readTimeout.wholeSecondsRoundedUp)
        }
        try setOption(MYSQL_SET_CHARSET_NAME, "utf8mb4")
        try setOption(MYSQL_OPT_RECONNECT, false)
        let timeZone = configuration.timeZone.filter { "+-:0123456789".contains($0) }
        try setOption(MYSQL_INIT_COMMAND, "SET time_zone = '\(timeZone)'")
        switch configuration.endpoint {
        case .tcp: try setOption(MYSQL_OPT_PROTOCOL, UInt32(MYSQL_PROTOCOL_TCP.rawValue))
        case .unixSocket: try setOption(MYSQL_OPT_PROTOCOL, UInt32(MYSQL_PROTOCOL_SOCKET.rawValue))
        }
        try applyTLS(configuration.tls)
    }

    private func applyTLS(_ tls: MySQLTLSConfiguration) throws(MySQLError) {
        guard tls.mode != .disabled else { return }
        if tls.verifiesServer && (tls.caPath ?? "").isEmpty {
            throw MySQLError(
                code: .invalidArgument,
                operation: .connect,
                detail: "TLS mode \(tls.mode.rawValue) needs caPath"
            )
        }
        // Connector/C 3.3: "enforce" turns TLS on; without server verification it falls back to
        // plain text when the server has no TLS, which `connect` rejects for the strict modes.
        try setOption(MYSQL_OPT_SSL_ENFORCE, true)
        try setOption(MYSQL_OPT_SSL_VERIFY_SERVER_CERT, tls.verifiesServer)
        if let path = tls.caPath, !path.isEmpty { try setOption(MYSQL_OPT_SSL_CA, path) }
        if let path = tls.certificatePath, !path.isEmpty { try setOption(MYSQL_OPT_SSL_CERT, path) }
        if let path = tls.keyPath, !path.isEmpty { try setOption(MYSQL_OPT_SSL_KEY, path) }
    }

    private func connect(_ configuration: MySQLConfiguration) throws(MySQLError) {
        var host: String?
        var port: UInt32 = 0
        var socket: String?
        switch configuration.endpoint {
        case .tcp(let tcpHost, let tcpPort):
            host = tcpHost
            port = UInt32(clamping: tcpPort)
        case .unixSocket(let path):
            host = "localhost"
            socket = path
        }
        let flags = UInt(CLIENT_FOUND_ROWS)
        let connected = withOptionalCString(host) { host in
            configuration.user.withCString { user in
                configuration.password.withCString { password in
                    withOptionalCString(configuration.database) { database in
                        withOptionalCString(socket) { socket in
                            mysql_real_connect(mysql, host, user, password, database, port, socket, flags) != nil
                        }
                    }
                }
            }
        }
        try check(!connected, .connect)
        if configuration.tls.requiresEncryption && tlsCipher == nil {
            throw MySQLError(
                code: .tlsUnavailable,
                operation: .connect,
                detail: "TLS mode \(configuration.tls.mode.rawValue)"
            )
        }
    }
}

private func withOptionalCString<R>(_ string: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
    guard let string else { return body(nil) }
    return string.withCString { body($0) }
}
