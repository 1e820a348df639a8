import BatchwireRuntime
import BatchwireStore
import Foundation
import Hummingbird

/// A refused or failed dashboard request, answered as `{"error": {"code", "message", "springException"}}`
/// with an HTTP status that fits: 400 bad input, 401/403 no or wrong operator token, 404 nothing there,
/// 409 refused by Spring Batch's rules, 503 the database cannot be used.
///
/// Operator refusals keep the operator's code and message, so the page, the CLI and MQTT say the same thing.
struct DashboardError: Error, HTTPResponseError {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    let springException: String?

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String, springException: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.springException = springException
    }

    /// The operator's error with its status: 404 for missing jobs and executions, 400 for bad parameters,
    /// 503 for the store, 409 for every rule that refused.
    init(_ error: JobOperatorError) {
        let status: HTTPResponse.Status =
            switch error.code {
            case .noSuchJob, .noSuchJobExecution, .noSuchJobInstance: .notFound
            case .jobParametersInvalid: .badRequest
            case .store: .serviceUnavailable
            case .illegalState: .internalServerError
            default: .conflict
            }
        self.init(status, error.code.description, error.message, springException: error.code.springExceptionName)
    }

    /// A store failure: 400 for arguments the store refused, 503 otherwise (the message says what to check;
    /// it never holds the database URL).
    init(_ error: StoreError) {
        if error.code == .invalidArgument {
            self.init(.badRequest, "invalidArgument", error.message)
        } else {
            self.init(
                .serviceUnavailable, "store",
                "the metadata database cannot be read: \(error.message); check `batchwire db check` and the node's log")
        }
    }

    /// Converts any error a route throws.
    static func from(_ error: any Error) -> DashboardError {
        switch error {
        case let error as DashboardError: error
        case let error as JobOperatorError: DashboardError(error)
        case let error as StoreError: DashboardError(error)
        default: DashboardError(.internalServerError, "internal", "the request failed: \(error)")
        }
    }

    /// `code`, `message` and, for operator refusals, `springException`.
    var fields: [String: String] {
        var fields = ["code": code, "message": message]
        if let springException { fields["springException"] = springException }
        return fields
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        DashboardResponse.json(["error": fields], status: status)
    }
}
