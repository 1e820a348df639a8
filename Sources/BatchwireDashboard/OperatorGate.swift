import Hummingbird

/// Decides whether a state-changing request may go on.
///
/// - No operator token configured: every such request is refused (403): the dashboard is read-only, safe to
///   serve on `0.0.0.0`.
/// - Otherwise the request must carry `Authorization: Bearer <token>` (compared in constant time) and a JSON
///   body type (`application/json`). Both are beyond what a cross-site form or a plain cross-origin `fetch`
///   can send without a CORS preflight, which this server never grants, and the token is never in a cookie:
///   cross-site request forgery cannot reach an operation.
struct OperatorGate: Sendable {
    let token: String?

    /// - Throws: ``DashboardError`` 403 when read-only, 401 without the right token, 415 for another body type.
    func check(_ request: Request) throws(DashboardError) {
        guard let token, !token.isEmpty else {
            throw DashboardError(
                .forbidden, "readOnly",
                "this dashboard is read-only: set http-operator-token (BATCHWIRE_HTTP_OPERATOR_TOKEN or the "
                    + "configuration file) on the node to allow operations")
        }
        let presented = request.headers[.authorization].flatMap { value -> Substring? in
            let parts = value.split(separator: " ", maxSplits: 1)
            return parts.count == 2 && parts[0].lowercased() == "bearer" ? parts[1] : nil
        }
        guard let presented, Self.constantTimeEqual(Array(presented.utf8), Array(token.utf8)) else {
            throw DashboardError(
                .unauthorized, "unauthorized",
                "send the operator token as `Authorization: Bearer <token>` (on the page: enter it in the token field)")
        }
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/json") else {
            throw DashboardError(
                .unsupportedMediaType, "unsupportedMediaType",
                "operations take a JSON body: send Content-Type: application/json (form posts are refused)")
        }
    }

    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        var difference = UInt8(lhs.count == rhs.count ? 0 : 1)
        for index in 0..<max(lhs.count, rhs.count) {
            let left = index < lhs.count ? lhs[index] : 0
            let right = index < rhs.count ? rhs[index] : 0
            difference |= left ^ right
        }
        return difference == 0
    }
}
