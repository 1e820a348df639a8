/// TLS settings for a MySQL connection, named after MySQL's `--ssl-mode`.
///
/// How each mode maps onto MariaDB Connector/C 3.3 (which has no `ssl-mode` option):
/// - `.disabled`: no TLS.
/// - `.preferred`: TLS if the server offers it, otherwise plain; the certificate is not checked.
/// - `.required`: TLS or fail (`.tlsUnavailable`); the certificate is not checked.
/// - `.verifyCA`, `.verifyIdentity`: TLS, the chain checked against ``caPath`` (required), and, since
///   Connector/C checks both together, the host name too: `.verifyCA` is as strict as `.verifyIdentity`.
public struct MySQLTLSConfiguration: Sendable, Hashable {
    /// Whether and how strictly to use TLS.
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        case disabled
        case preferred
        case required
        case verifyCA = "verify-ca"
        case verifyIdentity = "verify-identity"
    }

    /// Whether and how strictly to use TLS.
    public var mode: Mode
    /// PEM file with the certificate authorities to trust (required for the verify modes).
    public var caPath: String?
    /// PEM file with the client certificate, for servers that require X.509 client authentication.
    public var certificatePath: String?
    /// PEM file with the client certificate's private key.
    public var keyPath: String?

    /// Makes TLS settings.
    public init(mode: Mode, caPath: String? = nil, certificatePath: String? = nil, keyPath: String? = nil) {
        self.mode = mode
        self.caPath = caPath
        self.certificatePath = certificatePath
        self.keyPath = keyPath
    }

    /// No TLS.
    public static let disabled = MySQLTLSConfiguration(mode: .disabled)
    /// TLS when the server offers it, without certificate checks.
    public static let preferred = MySQLTLSConfiguration(mode: .preferred)
    /// TLS or fail, without certificate checks.
    public static let required = MySQLTLSConfiguration(mode: .required)

    /// Whether the connection must end up encrypted.
    var requiresEncryption: Bool { mode != .disabled && mode != .preferred }
    /// Whether the server certificate is verified.
    var verifiesServer: Bool { mode == .verifyCA || mode == .verifyIdentity }
}
