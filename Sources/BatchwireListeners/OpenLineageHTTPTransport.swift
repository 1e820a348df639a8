import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What an endpoint answered to one POST.
struct OpenLineageHTTPResponse: Sendable, Hashable {
    /// The HTTP status code.
    var status: Int
    /// The start of the response body (for error logs).
    var body: Data
}

/// Sends one POST; the seam between the listener's retry logic and the network.
protocol OpenLineageHTTPTransport: Sendable {
    /// Posts `body` to `url`.
    ///
    /// - Returns: the status and body, whatever the status.
    /// - Throws: a connection error (refused, timed out, TLS, …), or `CancellationError`.
    func post(_ body: Data, to url: URL, headers: [String: String], timeout: Duration) async throws
        -> OpenLineageHTTPResponse
}

/// Posts through Foundation's `URLSession` (libcurl on Linux), which runs the request on its own
/// threads, never blocking the cooperative pool.
struct URLSessionOpenLineageTransport: OpenLineageHTTPTransport {
    private let session: URLSession

    /// A transport with a session of its own: no cookies, no cache, no stored credentials.
    init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    func post(_ body: Data, to url: URL, headers: [String: String], timeout: Duration) async throws
        -> OpenLineageHTTPResponse
    {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = body
        let parts = timeout.components
        request.timeoutInterval = TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else {
            throw URLError(.badServerResponse)
        }
        return OpenLineageHTTPResponse(status: http.statusCode, body: data.prefix(2048))
    }
}
