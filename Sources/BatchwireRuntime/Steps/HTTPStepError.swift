/// Why an `http` step's request could not be made or answered: the URL, TLS files or the connection.
///
/// The description names the request by its template (`${env.TOKEN}` and `${file:…}` stay placeholders), never
/// by the secrets put into it.
public struct HTTPStepError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is.
    public enum Code: String, Sendable, Hashable {
        /// The URL, once its placeholders are put in, is not an http:// or https:// URL.
        case invalidURL
        /// The TLS files (CA, client certificate, key) could not be read.
        case tls
        /// The connection or the exchange failed.
        case transport
    }

    /// The kind of problem.
    public let code: Code
    /// What happened and what to do.
    public let message: String

    /// An error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
