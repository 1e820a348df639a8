import BatchwireCore
import BatchwireRuntime
import BatchwireStore
import Foundation

/// Reads what the pages and the API show, from the registry and the store of the operator.
struct DashboardReader: Sendable {
    let jobOperator: JobOperator
    let configuration: DashboardConfiguration
    let statistics: JobStatisticsCache

    var store: MetadataStore { jobOperator.launcher.store }
    var registry: JobRegistry { jobOperator.registry }

    /// Every registered job and every job name in the tables, by name.
    func jobs() async throws(StoreError) -> [JobView] {
        let statistics = Dictionary(
            try await statistics.statistics(store.explorer, now: configuration.now()).map { ($0.jobName, $0) },
            uniquingKeysWith: { first, _ in first })
        let schedules = try await scheduleOverviews(count: 1)
        let byJob = Dictionary(grouping: schedules, by: \.jobName)
        let definitions = Dictionary(
            registry.entries.map { ($0.definition.name, $0.definition) }, uniquingKeysWith: { first, _ in first })
        return Set(definitions.keys).union(statistics.keys).sorted().map { name in
            let totals = statistics[name]
            let own = byJob[name] ?? []
            let paused = !own.isEmpty && own.allSatisfy(\.isPaused)
            return JobView(
                name: name, description: definitions[name]?.description, registered: definitions[name] != nil,
                latest: totals?.latest.map(ExecutionView.init), nextFire: DashboardFormat.instant(
                    own.filter { !$0.isPaused }.compactMap(\.nextFires.first).min()),
                completedCount: totals?.countsByStatus[.completed] ?? 0,
                failedCount: totals?.countsByStatus[.failed] ?? 0, totalCount: totals?.total ?? 0,
                averageMilliseconds: totals?.averageCompletedMilliseconds,
                averageDuration: DashboardFormat.duration(milliseconds: totals?.averageCompletedMilliseconds),
                scheduleCount: own.count, paused: paused,
                pauseReason: paused ? own.compactMap(\.pauseReason).first : nil)
        }
    }

    /// A page of executions.
    func executions(_ search: ExecutionSearch) async throws(StoreError) -> (rows: [ExecutionView], nextBefore: Int64?) {
        let page = try await store.explorer.searchExecutions(search)
        return (page.executions.map(ExecutionView.init), page.nextBefore)
    }

    /// One execution in full; `nil` when there is none with that id.
    func execution(id: Int64) async throws(StoreError) -> ExecutionDetailView? {
        guard let execution = try await store.explorer.getJobExecution(id: id) else { return nil }
        return ExecutionDetailView(
            execution, canRestart: try await canRestart(execution), logDirectory: configuration.stepLogDirectory,
            logTailLines: configuration.logTailLines)
    }

    /// Whether ``JobOperator/restart(executionId:)`` would accept `execution`, as far as can be told without
    /// trying: a FAILED or STOPPED execution, the newest of its instance, of a job registered here that is
    /// restartable. One more read (``JobExplorer/isNewestOfItsInstance(_:)``) only when the rest holds.
    private func canRestart(_ execution: JobExecution) async throws(StoreError) -> Bool {
        guard ExecutionView.restartable.contains(execution.status),
            registry.job(named: execution.jobName)?.restartable == true
        else { return false }
        return try await store.explorer.isNewestOfItsInstance(execution)
    }

    /// Every schedule with its recent slots that started no run.
    func schedules() async throws(StoreError) -> [ScheduleView] {
        var views: [ScheduleView] = []
        for overview in try await scheduleOverviews(count: configuration.nextFireCount) {
            let slots = try await store.state.firedSlots(scheduleID: overview.scheduleID, limit: 20)
            views.append(
                ScheduleView(
                    id: overview.scheduleID, jobName: overview.jobName, trigger: overview.trigger,
                    policies: overview.policies, paused: overview.isPaused, pauseReason: overview.pauseReason,
                    nextFires: overview.nextFires.compactMap(DashboardFormat.instant),
                    lastFireTime: DashboardFormat.instant(overview.lastFireTime), lastOutcome: overview.lastOutcome,
                    lastExecutionId: overview.lastExecutionID,
                    notStarted: slots.compactMap { slot in
                        guard let outcome = slot.outcome, outcome != "started" else { return nil }
                        return ScheduleView.SlotView(
                            fireTime: DashboardFormat.instant(slot.fireTime) ?? "", node: slot.nodeID,
                            outcome: outcome)
                    }))
        }
        return views
    }

    /// The nodes and who holds the relay lease.
    func nodes() async throws(StoreError) -> NodesView {
        let now = configuration.now()
        let lease = try await store.state.relayLease(name: configuration.relayLeaseName)
        let holder = lease.flatMap { $0.expiresAt > now ? $0.nodeID : nil }
        let nodes = try await store.state.nodes().sorted { $0.nodeID < $1.nodeID }.map { node in
            NodeView(
                id: node.nodeID, hostName: node.hostName, startedAt: DashboardFormat.instant(node.startedAt) ?? "",
                heartbeatAt: DashboardFormat.instant(node.heartbeatAt) ?? "",
                heartbeatAgeSeconds: max(0, Int(now.timeIntervalSince(node.heartbeatAt))),
                holdsRelayLease: node.nodeID == holder)
        }
        return NodesView(
            nodes: nodes, relayLeaseHolder: holder, relayLeaseExpiresAt: holder == nil ? nil : DashboardFormat.instant(lease?.expiresAt))
    }

    private func scheduleOverviews(count: Int) async throws(StoreError) -> [ScheduleOverview] {
        try await ScheduleOverview.load(registry: registry, state: store.state, now: configuration.now(), count: count)
    }
}
