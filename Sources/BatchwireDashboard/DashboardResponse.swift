import Foundation
import Hummingbird

/// The responses the dashboard sends: JSON, HTML and its two static files, never cached, never framed by
/// another site, and with a content security policy that allows only this server's own script.
enum DashboardResponse {
    static let securityHeaders: HTTPFields = [
        .cacheControl: "no-store",
        .init("X-Content-Type-Options")!: "nosniff",
        .init("X-Frame-Options")!: "DENY",
        .init("Referrer-Policy")!: "no-referrer",
        .contentSecurityPolicy: "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    ]

    /// `value` as JSON (sorted keys, ISO dates).
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = (try? encoder.encode(value)) ?? Data(#"{"error":{"code":"internal","message":"encoding failed"}}"#.utf8)
        return response(status, contentType: "application/json; charset=utf-8", body: ByteBuffer(bytes: body))
    }

    /// An HTML page.
    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        response(status, contentType: "text/html; charset=utf-8", body: ByteBuffer(string: text))
    }

    static func response(_ status: HTTPResponse.Status, contentType: String, body: ByteBuffer) -> Response {
        var headers = securityHeaders
        headers[.contentType] = contentType
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: body))
    }
}
