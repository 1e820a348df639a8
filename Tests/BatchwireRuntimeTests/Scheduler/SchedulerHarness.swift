import BatchwireCore
import BatchwireStore
import Foundation
import Logging
import Synchronization
import Testing

@testable import BatchwireRuntime

/// A scheduler over a launch fixture, on a manual clock that starts at `epoch`, recording every outcome.
final class SchedulerHarness: Sendable {
    let fixture: LaunchFixture
    let clock: ManualClock
    let jobOperator: JobOperator
    let scheduler: Scheduler<ManualClock>
    private let recorded = OutcomeLog()
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(
        _ fixture: LaunchFixture, clock: ManualClock, node: String = "node-1", store: MetadataStore? = nil,
        logger: Logger = LaunchFixture.logger, configure: (inout SchedulerConfiguration) -> Void = { _ in }
    ) {
        self.fixture = fixture
        self.clock = clock
        jobOperator = fixture.makeOperator(node: node, store: store)
        var configuration = SchedulerConfiguration(nodeID: node)
        configuration.misfireThreshold = .seconds(2)
        // Less than the 1 s steps of `advance`, so a step's slots are handed over within the step that
        // reaches them (a worker waiting for a later due instant would keep `settle()` waiting).
        configuration.claimAhead = .milliseconds(100)
        configure(&configuration)
        let recorded = self.recorded
        scheduler = Scheduler(
            jobOperator: jobOperator, configuration: configuration, clock: clock, now: { clock.wallNow },
            logger: logger, observer: { outcome in recorded.append(outcome) })
    }

    func start() {
        let scheduler = self.scheduler
        task.withLock { $0 = Task { await scheduler.run() } }
    }

    func stop() async {
        let running = task.withLock { $0 }
        running?.cancel()
        await running?.value
        await scheduler.shutdown()
        await jobOperator.launcher.stopAll()
    }

    var outcomes: [ScheduleFireOutcome] { recorded.all }

    func outcomes(_ kind: ScheduleFireOutcome.Kind) -> [ScheduleFireOutcome] {
        outcomes.filter { $0.kind == kind }
    }

    /// Whether the scheduler has handled everything due at the clock's current instant (and, with
    /// `runs`, every run it started has ended).
    func isSettled(runs: Bool) -> Bool {
        let now = clock.wallNow
        let handled = scheduler.state.withLock { state in
            (state.queue.first.map { $0.due > now } ?? true) && state.activeWorkers == 0
                && state.registryGeneration != nil
        }
        return handled && (!runs || jobOperator.launcher.runningExecutionIDs.isEmpty)
    }

    /// Waits until the scheduler handled everything due now (and, with `runs`, its runs ended).
    func settle(runs: Bool = true, within seconds: Double = 30) async throws {
        try await eventually("the scheduler to handle what is due", within: seconds) { self.isSettled(runs: runs) }
    }

    /// Moves the clock forward one `step` at a time, letting the scheduler handle each step (and, with
    /// `runs`, letting each run end before the next step, so overlap never comes into play).
    func advance(_ total: Duration, step: Duration = .seconds(1), runs: Bool = true) async throws {
        var moved = Duration.zero
        while moved < total {
            clock.advance(by: step)
            moved += step
            try await settle(runs: runs)
        }
    }
}

/// Every outcome a scheduler reported, in order.
final class OutcomeLog: Sendable {
    private let outcomes = Mutex<[ScheduleFireOutcome]>([])
    func append(_ outcome: ScheduleFireOutcome) { outcomes.withLock { $0.append(outcome) } }
    var all: [ScheduleFireOutcome] { outcomes.withLock { $0 } }
}

/// 2026-01-01T00:00:00Z plus `seconds`.
func instant(_ seconds: Int) -> Date {
    Date(timeIntervalSince1970: 1_767_225_600 + TimeInterval(seconds))
}

/// A schedule firing every `seconds`, counted from the epoch.
func every(_ seconds: Int, configure: (inout ScheduleDefinition) -> Void = { _ in }) -> ScheduleDefinition {
    var schedule = ScheduleDefinition(
        trigger: .every(seconds: seconds, anchor: nil), location: SourceLocation(file: "test", line: 1, column: 1))
    configure(&schedule)
    return schedule
}
