import BatchwireCore
import BatchwireStore
import Foundation

/// Watches every execution one launcher runs, with a constant number of statements per interval whatever
/// their number: one query every ``LaunchConfiguration/stopPollInterval`` for stop requests and lost leases
/// of all of them (``BatchwireStateStore/watchOwnedExecutions(_:nodeID:)``), and one heartbeat plus one
/// lease renewal for all of them every ``LaunchConfiguration/leaseRenewInterval``.
///
/// The launcher starts it when its first execution starts; ``run()`` returns when none runs any more.
struct ExecutionMonitor: Sendable {
    let launcher: JobLauncher

    /// Watches until the launcher runs no execution.
    func run() async {
        let configuration = launcher.configuration
        // Every lease was written with its execution a moment ago: the first renewal is due an interval later.
        var sinceRenewal = Duration.zero
        while let executions = launcher.monitoredExecutions() {
            if sinceRenewal >= configuration.leaseRenewInterval {
                sinceRenewal = .zero
                await renew(executions.map(\.id))
            }
            await lookForStops(executions)
            do {
                try await launcher.clock.sleep(for: configuration.stopPollInterval)
            } catch {
                return
            }
            sinceRenewal += configuration.stopPollInterval
        }
    }

    /// The node's heartbeat and the leases of the executions it runs, renewed together (not every lease of
    /// the node id: a predecessor killed under the same id must lose its leases).
    private func renew(_ ids: [Int64]) async {
        let configuration = launcher.configuration
        let now = launcher.wallClock()
        do {
            try await launcher.store.state.heartbeat(
                nodeID: configuration.nodeID, hostName: ProcessInfo.processInfo.hostName, at: now)
            try await launcher.store.state.renewLeases(
                nodeID: configuration.nodeID, executionIDs: ids,
                until: now.addingTimeInterval(configuration.leaseDuration.seconds))
        } catch {
            launcher.noteStoreFailure()
            launcher.logger.warning("could not renew this node's leases", metadata: ["error": "\(error)"])
        }
    }

    /// Stops the executions an operator or another node asked to end, or whose lease another node took (those
    /// are left to that node: this process writes nothing more of them).
    private func lookForStops(_ executions: [RunningExecution]) async {
        let waiting = executions.filter { !$0.isStopRequested }
        guard !waiting.isEmpty else { return }
        let report: BatchwireStateStore.OwnedExecutionsReport
        do {
            report = try await launcher.store.state.watchOwnedExecutions(
                waiting.map(\.id), nodeID: launcher.configuration.nodeID)
        } catch {
            launcher.noteStoreFailure()
            launcher.logger.warning("could not look for stop requests", metadata: ["error": "\(error)"])
            return
        }
        for tracked in waiting {
            let endedElsewhere = report.endRequested[tracked.id].map { [.failed, .abandoned, .unknown].contains($0) } ?? false
            if report.leaseLost.contains(tracked.id) || endedElsewhere {
                launcher.logger.error(
                    "another node took over or ended the execution; stopping it here, that node records it",
                    metadata: ["execution": "\(tracked.id)"])
                tracked.loseLease()
            } else if let status = report.endRequested[tracked.id] {
                launcher.logger.info(
                    "stop requested; stopping the running step",
                    metadata: ["execution": "\(tracked.id)", "status": "\(status)"])
                tracked.requestStop()
            }
        }
    }
}
