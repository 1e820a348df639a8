import BatchwireCore
import BatchwireStore
import Foundation
import Mustache

/// Renders the pages from the same views the JSON API returns.
struct DashboardPages: Sendable {
    let library: MustacheLibrary
    let nodeID: String
    let operable: Bool

    /// What every page's header shows.
    struct Chrome {
        let title: String
        let nodeID: String
        let operable: Bool
        var onJobs = false
        var onExecutions = false
        var onSchedules = false
        var onNodes = false
    }

    struct JobRow {
        let job: JobView
        let queryName: String
    }

    struct StatusOption {
        let name: String
        let selected: Bool
    }

    /// The executions page's filter as the user typed it.
    struct Filter {
        let job: String
        let status: String
        let from: String
        let to: String
        let param: String
    }

    func chrome(_ title: String, _ mark: (inout Chrome) -> Void) -> Chrome {
        var chrome = Chrome(title: title, nodeID: nodeID, operable: operable)
        mark(&chrome)
        return chrome
    }

    func jobs(_ jobs: [JobView]) -> String {
        render(
            "jobs",
            [
                "chrome": chrome("Jobs") { $0.onJobs = true },
                "jobs": jobs.map { JobRow(job: $0, queryName: Self.queryValue($0.name)) },
            ])
    }

    func executions(_ rows: [ExecutionView], filter: Filter, olderLink: String?) -> String {
        render(
            "executions",
            [
                "chrome": chrome("Executions") { $0.onExecutions = true },
                "rows": rows, "filter": filter,
                "statuses": BatchStatus.allCases.map { StatusOption(name: $0.name, selected: $0.name == filter.status) },
                "olderLink": olderLink as Any,
            ])
    }

    func execution(_ detail: ExecutionDetailView) -> String {
        render(
            "execution",
            [
                "chrome": chrome("Execution \(detail.execution.id)") { $0.onExecutions = true },
                "detail": detail, "queryJob": Self.queryValue(detail.execution.jobName),
            ])
    }

    func schedules(_ schedules: [ScheduleView]) -> String {
        render("schedules", ["chrome": chrome("Schedules") { $0.onSchedules = true }, "schedules": schedules])
    }

    func nodes(_ view: NodesView) -> String {
        render("nodes", ["chrome": chrome("Nodes") { $0.onNodes = true }, "view": view])
    }

    func error(_ error: DashboardError) -> String {
        render(
            "error",
            ["chrome": chrome("Error") { _ in }, "heading": "\(error.status.code) \(error.status.reasonPhrase)", "message": error.message])
    }

    private func render(_ template: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: template) ?? "template \(template) is missing"
    }

    /// `value` percent-encoded for a query string (so `&`, `#`, `+` and `/` in a job name survive).
    static func queryValue(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
