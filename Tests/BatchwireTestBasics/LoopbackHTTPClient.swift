import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One HTTP answer as the test client read it off the wire.
struct HTTPReply: Sendable {
    let status: Int
    /// Header names lower-cased.
    let headers: [String: String]
    let body: Data

    var text: String { String(decoding: body, as: UTF8.self) }
}

struct LoopbackHTTPError: Error, CustomStringConvertible {
    let description: String
}

/// A minimal HTTP/1.1 client for tests: one `GET` to 127.0.0.1 per connection (`Connection: close`),
/// over a plain POSIX socket, so the test checks exactly what the server writes, with no proxy
/// settings or client library in between. The blocking socket calls run on a thread of their own,
/// never on the cooperative pool.
enum LoopbackHTTPClient {
    static func get(_ path: String, port: Int) async throws -> HTTPReply {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try blockingGet(path, port: port) })
            }.start()
        }
    }

    /// Whether a TCP connection to 127.0.0.1:`port` is accepted.
    static func accepts(port: Int) async -> Bool {
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
        let body = Data(data[end.upperBound...])
        if let length = headers["content-length"].flatMap(Int.init), length != body.count {
            throw LoopbackHTTPError(description: "content-length \(length) but \(body.count) bytes of body")
        }
        return HTTPReply(status: status, headers: headers, body: body)
    }
}
