import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import Synchronization

/// A Hummingbird server on 127.0.0.1 and a free port, for one test: the endpoints the `http` step tests call.
///
/// | endpoint | answer |
/// | --- | --- |
/// | `GET /status/{code}` | that status, body `status {code}` |
/// | `GET /flaky/{failures}` | 503 for the first `failures` calls, then 200 |
/// | `GET /slow` | 200 after 30 s |
/// | `POST /echo` | 200, the request body; the request is recorded |
/// | `GET /json` | 200 `{"exitCode": …, "context": …}` from the `json` query parameter |
/// | `GET /big` | 200, 5,000 `x` |
/// | `GET /redirect` | 302 to `/status/200` |
final class TestHTTPServer: Sendable {
    /// A request as the server saw it (header names in lower case).
    struct Seen: Sendable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: String
    }

    let port: Int
    let scheme: String
    private let task: Task<Void, any Error>
    private let shared: Shared

    var baseURL: String { "\(scheme)://127.0.0.1:\(port)" }
    var requests: [Seen] { shared.requests.withLock { $0 } }
    func calls(_ path: String) -> Int { shared.counters.withLock { $0[path] ?? 0 } }

    private init(port: Int, scheme: String, task: Task<Void, any Error>, shared: Shared) {
        self.port = port
        self.scheme = scheme
        self.task = task
        self.shared = shared
    }

    /// Starts a server; with `tls`, it serves HTTPS.
    static func start(tls: TLSConfiguration? = nil) async throws -> TestHTTPServer {
        let seen = Shared()
        let router = Router()
        router.get("/status/{code}") { _, context -> Response in
            let code = context.parameters.get("code", as: Int.self) ?? 500
            seen.count("/status/\(code)")
            return Response(status: .init(code: code), body: .init(byteBuffer: ByteBuffer(string: "status \(code)")))
        }
        router.get("/flaky/{failures}") { _, context -> Response in
            let failures = context.parameters.get("failures", as: Int.self) ?? 1
            let call = seen.count("/flaky")
            let status: HTTPResponse.Status = call <= failures ? .serviceUnavailable : .ok
            return Response(status: status, body: .init(byteBuffer: ByteBuffer(string: "call \(call)")))
        }
        router.get("/slow") { _, _ -> String in
            seen.count("/slow")
            try await Task.sleep(for: .seconds(30))
            return "late"
        }
        router.post("/echo") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
            let text = String(buffer: body)
            seen.record(Seen(method: "\(request.method)", path: request.uri.path, headers: headers, body: text))
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        router.get("/json") { request, _ -> Response in
            seen.count("/json")
            let json = request.uri.queryParameters.get("json") ?? "{}"
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: json)))
        }
        router.get("/big") { _, _ -> String in String(repeating: "x", count: 5000) }
        router.get("/redirect") { _, _ -> Response in
            Response(status: .found, headers: [.location: "/status/200"])
        }

        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let logger = Logger(label: "test-http") { _ in SwiftLogNoOpLogHandler() }
        let configuration = ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0))
        let onServerRunning: @Sendable (any Channel) async -> Void = { channel in
            portContinuation.yield(channel.localAddress?.port ?? 0)
        }
        func run(_ application: some ApplicationProtocol) -> Task<Void, any Error> {
            Task { try await application.runService(gracefulShutdownSignals: []) }
        }
        let task: Task<Void, any Error>
        if let tls {
            task = run(
                Application(
                    router: router, server: try .tls(tlsConfiguration: tls), configuration: configuration,
                    onServerRunning: onServerRunning, logger: logger))
        } else {
            task = run(
                Application(
                    router: router, configuration: configuration, onServerRunning: onServerRunning, logger: logger))
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        return TestHTTPServer(
            port: port, scheme: tls == nil ? "http" : "https", task: task, shared: seen)
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }

    /// What the handlers record, shared with the server object.
    private final class Shared: Sendable {
        let requests = Mutex<[Seen]>([])
        let counters = Mutex<[String: Int]>([:])

        @discardableResult
        func count(_ path: String) -> Int {
            counters.withLock { counters in
                counters[path, default: 0] += 1
                return counters[path]!
            }
        }

        func record(_ request: Seen) {
            requests.withLock { $0.append(request) }
            count(request.path)
        }
    }
}
