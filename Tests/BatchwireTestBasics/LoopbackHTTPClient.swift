import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One HTTP answer as the test client read it off the wire.
package struct HTTPReply: Sendable {
    /// The status code.
    package let status: Int
    /// Header names lower-cased.
    package let headers: [String: String]
    /// The body (de-chunked when the reply was `Transfer-Encoding: chunked`).
    package let body: Data

    /// The body as UTF-8 text.
    package var text: String { String(decoding: body, as: UTF8.self) }

    /// A reply with `status`, `headers` (names lower-cased) and `body`.
    package init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// The test client could not reach the server or read its answer.
package struct LoopbackHTTPError: Error, CustomStringConvertible {
    package let description: String

    /// Creates the error with what went wrong.
    package init(description: String) { self.description = description }
}

/// A minimal HTTP/1.1 client for tests of a server on a real socket (a `batchwire serve` process, a server's
/// lifecycle): one `GET` to 127.0.0.1 per connection (`Connection: close`), over a plain POSIX socket, so the
/// test checks exactly what the server writes, with no proxy settings or client library in between. The
/// blocking socket calls run on a thread of their own, never on the cooperative pool. Tests of an in-process
/// Hummingbird app use HummingbirdTesting instead.
package enum LoopbackHTTPClient {
    /// The reply to `GET path` on 127.0.0.1:`port`.
    /// - Throws: ``LoopbackHTTPError`` when the connection fails or the reply is malformed.
    package static func get(_ path: String, port: Int) async throws -> HTTPReply {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try blockingGet(path, port: port) })
            }.start()
        }
    }

    /// Whether a TCP connection to 127.0.0.1:`port` is accepted.
    package static func accepts(port: Int) async -> Bool {
        await withCheckedContinuation { continuation in
            Thread {
                guard let socket = try? connectedSocket(port: port) else {
                    return continuation.resume(returning: false)
                }
                close(socket)
                continuation.resume(returning: true)
            }.start()
        }
    }

    private static func connectedSocket(port: Int) throws -> Int32 {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw LoopbackHTTPError(description: "socket() failed: errno \(errno)") }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            close(descriptor)
            throw LoopbackHTTPError(description: "connect to 127.0.0.1:\(port) failed: errno \(code)")
        }
        return descriptor
    }

    private static func blockingGet(_ path: String, port: Int) throws -> HTTPReply {
        let descriptor = try connectedSocket(port: port)
        defer { close(descriptor) }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n".utf8)
        var sent = 0
        while sent < request.count {
            let count = request[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw LoopbackHTTPError(description: "send failed: errno \(errno)") }
            sent += count
        }
        var received = Data()
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count == 0 { break }
            guard count > 0 else { throw LoopbackHTTPError(description: "recv failed: errno \(errno)") }
            received.append(contentsOf: chunk[0..<count])
        }
        return try parse(received)
    }

    private static func parse(_ data: Data) throws -> HTTPReply {
        guard let end = data.range(of: Data("\r\n\r\n".utf8)) else {
            throw LoopbackHTTPError(description: "no end of headers in \(data.count) bytes")
        }
        let head = String(decoding: data[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusLine = head[0].split(separator: " ")
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]) else {
            throw LoopbackHTTPError(description: "bad status line \(head[0])")
        }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces
            )
        }
        let raw = Data(data[end.upperBound...])
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            return HTTPReply(status: status, headers: headers, body: try dechunk(raw))
        }
        if let length = headers["content-length"].flatMap(Int.init), length != raw.count {
            throw LoopbackHTTPError(description: "content-length \(length) but \(raw.count) bytes of body")
        }
        return HTTPReply(status: status, headers: headers, body: raw)
    }

    /// The body of a `Transfer-Encoding: chunked` reply.
    private static func dechunk(_ data: Data) throws -> Data {
        var body = Data()
        var rest = data[...]
        while let lineEnd = rest.range(of: Data("\r\n".utf8)) {
            let sizeText = String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";")[0]
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else {
                throw LoopbackHTTPError(description: "bad chunk size '\(sizeText)'")
            }
            if size == 0 { break }
            let start = lineEnd.upperBound
            guard rest.distance(from: start, to: rest.endIndex) >= size + 2 else {
                throw LoopbackHTTPError(description: "truncated chunk")
            }
            let chunkEnd = rest.index(start, offsetBy: size)
            body.append(rest[start..<chunkEnd])
            rest = rest[rest.index(chunkEnd, offsetBy: 2)...]
        }
        return body
    }
}
