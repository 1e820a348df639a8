import BatchwireCore
import BatchwireStore

extension ExecutionSearch {
    /// The search a query string asks for: `job`, `status`, `from`, `to` (ISO local date-times, as the tables
    /// hold them), `param` (a parameter value), `before` (an execution id: the next page's cursor) and `limit`.
    /// Empty values are ignored, so the page's filter form can send every field.
    /// - Throws: ``DashboardError`` 400 naming the bad value and what is expected.
    init(query: [String: String], defaultLimit: Int) throws(DashboardError) {
        func value(_ name: String) -> String? {
            guard let text = query[name], !text.isEmpty else { return nil }
            return text
        }
        func time(_ name: String) throws(DashboardError) -> LocalDateTime? {
            guard let text = value(name) else { return nil }
            guard let time = LocalDateTime(iso: text) else {
                throw DashboardError(
                    .badRequest, "invalidArgument",
                    "\(name) must be an ISO local date-time such as 2026-12-07T18:30 (the tables' wall clock)")
            }
            return time
        }
        var status: BatchStatus?
        if let text = value("status") {
            guard let known = BatchStatus(rawValue: text.uppercased()) else {
                throw DashboardError(
                    .badRequest, "invalidArgument",
                    "status must be one of " + BatchStatus.allCases.map(\.name).joined(separator: ", "))
            }
            status = known
        }
        var before: Int64?
        if let text = value("before") {
            guard let id = Int64(text), id > 0 else {
                throw DashboardError(.badRequest, "invalidArgument", "before must be an execution id (a positive integer)")
            }
            before = id
        }
        var limit = defaultLimit
        if let text = value("limit") {
            guard let number = Int(text), (1...500).contains(number) else {
                throw DashboardError(.badRequest, "invalidArgument", "limit must be 1 to 500")
            }
            limit = number
        }
        self.init(
            jobName: value("job"), status: status, createdFrom: try time("from"), createdBefore: try time("to"),
            parameterValue: value("param"), before: before, limit: limit)
    }
}
