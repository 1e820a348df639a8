import BatchwireCore
import BatchwireListeners
import BatchwireRuntime
import BatchwireStore
import Foundation
import Hummingbird
import Logging

/// The web dashboard of `batchwire serve`: HTML pages at `/`, `/executions`, `/executions/{id}`, `/schedules`
/// and `/nodes`, the JSON API under `/api/v1/`, and live updates as server-sent events at `/api/v1/events`.
///
/// Reads come from the operator's store and registry; operations go through the same ``JobOperator`` as the
/// CLI and the MQTT commands. Without an operator token the dashboard is read-only (see ``OperatorGate``).
/// See `docs/dashboard.md`.
///
/// ```swift
/// let dashboard = try Dashboard(
///     jobOperator: jobOperator, configuration: DashboardConfiguration(nodeID: "node-1", operatorToken: token),
///     onSchedulesChanged: { scheduler.refresh() })
/// // add `dashboard.events` to the listener dispatcher, run `dashboard.outboxTail(logger:).run()`, then:
/// dashboard.addRoutes(to: router)
/// ```
public final class Dashboard: Sendable {
    /// Feeds the event streams: add it to the node's ``ListenerDispatcher``.
    public let events: DashboardEventHub
    let reader: DashboardReader
    let operations: DashboardOperations
    let pages: DashboardPages
    let gate: OperatorGate
    let configuration: DashboardConfiguration
    let statistics: JobStatisticsCache

    /// A dashboard.
    /// - Parameters:
    ///   - jobOperator: the operator whose store, registry and launcher the dashboard reads and drives.
    ///   - configuration: the token and what to show.
    ///   - events: the hub the event streams read (a new one by default).
    ///   - onSchedulesChanged: called after a pause or resume, so the scheduler applies it at once.
    /// - Throws: when a page template does not compile (a bug the tests catch).
    public init(
        jobOperator: JobOperator, configuration: DashboardConfiguration, events: DashboardEventHub = DashboardEventHub(),
        onSchedulesChanged: @escaping @Sendable () async -> Void = {}
    ) throws {
        self.configuration = configuration
        self.events = events
        let statistics = JobStatisticsCache()
        reader = DashboardReader(jobOperator: jobOperator, configuration: configuration, statistics: statistics)
        operations = DashboardOperations(
            jobOperator: jobOperator, configuration: configuration, onSchedulesChanged: onSchedulesChanged,
            onFinishedExecutionChanged: { id, job, old, new in statistics.moved(executionID: id, job: job, from: old, to: new) })
        self.statistics = statistics
        let operable = !(configuration.operatorToken ?? "").isEmpty
        pages = DashboardPages(library: try DashboardTemplates.library(), nodeID: configuration.nodeID, operable: operable)
        gate = OperatorGate(token: configuration.operatorToken)
    }

    /// What brings other nodes' events to the event streams: run its ``DashboardOutboxTail/run()`` as a
    /// service beside the HTTP server (it reads the shared outbox only while a stream is open).
    /// - Parameter logger: where read failures are logged.
    public func outboxTail(logger: Logger) -> DashboardOutboxTail {
        DashboardOutboxTail(
            hub: events, store: reader.store.state, interval: configuration.outboxPollInterval, logger: logger)
    }

    /// Keeps the jobs page's totals fresh in the background until the task is cancelled: reads them once now
    /// (the one read of every execution, ~300 ms for 100,000 on MariaDB) and again every 5 minutes, so no
    /// request pays for it. Run it as a service beside the HTTP server; without it the first request after
    /// start and every 10 minutes pays instead.
    /// - Parameter logger: where read failures are logged (the next request reads them then).
    public func keepTotalsFresh(logger: Logger) async {
        while !Task.isCancelled {
            do {
                try await refreshTotals()
            } catch {
                logger.warning("dashboard: the job totals could not be read; retrying", metadata: ["error": "\(error)"])
            }
            do {
                try await Task.sleep(for: .seconds(statistics.maximumAge / 2))
            } catch {
                return
            }
        }
    }

    /// Reads the jobs page's totals afresh once (what ``keepTotalsFresh(logger:)`` does every 5 minutes).
    /// - Throws: ``StoreError`` when the database cannot be read.
    public func refreshTotals() async throws(StoreError) {
        try await statistics.refresh(reader.store.explorer, now: configuration.now())
    }

    /// Adds the pages, the API and the event stream to `router`.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        addPageRoutes(to: router)
        addAPIRoutes(to: router)
        router.get("/assets/dashboard.js") { _, _ in
            DashboardResponse.response(
                .ok, contentType: "text/javascript; charset=utf-8", body: ByteBuffer(string: DashboardAssets.script))
        }
        router.get("/assets/dashboard.css") { _, _ in
            DashboardResponse.response(.ok, contentType: "text/css; charset=utf-8", body: ByteBuffer(string: DashboardAssets.style))
        }
    }

    private func addPageRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("/") { _, _ in await self.page { try await self.pages.jobs(self.reader.jobs()) } }
        router.get("/executions") { request, _ in
            await self.page {
                let query = QueryString.parse(request.uri.query)
                let search = try ExecutionSearch(query: query, defaultLimit: self.configuration.pageSize)
                let page = try await self.reader.executions(search)
                let filter = DashboardPages.Filter(
                    job: query["job"] ?? "", status: search.status?.name ?? "", from: query["from"] ?? "",
                    to: query["to"] ?? "", param: query["param"] ?? "")
                let older = page.nextBefore.map { before in
                    var next = query
                    next["before"] = String(before)
                    return "/executions?" + QueryString.make(next)
                }
                return self.pages.executions(page.rows, filter: filter, olderLink: older)
            }
        }
        router.get("/executions/{id}") { _, context in
            await self.page {
                let id = try Self.executionID(context.parameters.get("id"))
                guard let detail = try await self.reader.execution(id: id) else { throw Self.noExecution(id) }
                return self.pages.execution(detail)
            }
        }
        router.get("/schedules") { _, _ in await self.page { try await self.pages.schedules(self.reader.schedules()) } }
        router.get("/nodes") { _, _ in await self.page { try await self.pages.nodes(self.reader.nodes()) } }
    }

    private func addAPIRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("/api/v1/jobs") { _, _ in await self.json { ["jobs": try await self.reader.jobs()] } }
        router.get("/api/v1/executions") { request, _ in
            await self.json {
                let search = try ExecutionSearch(
                    query: QueryString.parse(request.uri.query), defaultLimit: self.configuration.pageSize)
                let page = try await self.reader.executions(search)
                return ExecutionListBody(executions: page.rows, nextBefore: page.nextBefore)
            }
        }
        router.get("/api/v1/executions/{id}") { _, context in
            await self.json {
                let id = try Self.executionID(context.parameters.get("id"))
                guard let detail = try await self.reader.execution(id: id) else { throw Self.noExecution(id) }
                return detail
            }
        }
        router.get("/api/v1/schedules") { _, _ in await self.json { ["schedules": try await self.reader.schedules()] } }
        router.get("/api/v1/nodes") { _, _ in await self.json { try await self.reader.nodes() } }
        router.get("/api/v1/openapi.json") { _, _ in
            DashboardResponse.response(
                .ok, contentType: "application/json; charset=utf-8", body: ByteBuffer(string: DashboardOpenAPI.json + "\n"))
        }
        router.get("/api/v1/events") { _, _ in
            EventStream.response(hub: self.events, keepAlive: self.configuration.keepAliveInterval)
        }
        router.post("/api/v1/operations/{verb}") { request, context in
            await self.json {
                try self.gate.check(request)
                let body = try await request.body.collect(upTo: 65_536)
                let operation = try OperationRequest.decode(body)
                return try await operation.run(context.parameters.get("verb") ?? "", on: self.operations)
            }
        }
    }

    /// Runs a read for a page; errors become an error page with the error's status.
    private func page(_ body: () async throws -> String) async -> Response {
        do {
            return DashboardResponse.html(try await body())
        } catch {
            let failure = DashboardError.from(error)
            return DashboardResponse.html(pages.error(failure), status: failure.status)
        }
    }

    /// Runs an API call; errors become the JSON error body with the error's status.
    private func json<Body: Encodable>(_ body: () async throws -> Body) async -> Response {
        do {
            return DashboardResponse.json(try await body())
        } catch {
            let failure = DashboardError.from(error)
            return DashboardResponse.json(["error": failure.fields], status: failure.status)
        }
    }

    static func executionID(_ text: String?) throws(DashboardError) -> Int64 {
        guard let text, let id = Int64(text), id > 0 else {
            throw DashboardError(.badRequest, "invalidArgument", "an execution id is a positive integer")
        }
        return id
    }

    static func noExecution(_ id: Int64) -> DashboardError {
        DashboardError(
            .notFound, "noSuchJobExecution", "No job execution with id=\(id); the executions page lists them",
            springException: JobOperatorError.Code.noSuchJobExecution.springExceptionName)
    }
}

/// The body of `GET /api/v1/executions`.
struct ExecutionListBody: Encodable {
    let executions: [ExecutionView]
    /// Pass as `before` for the next page; absent on the last page.
    let nextBefore: Int64?
}
