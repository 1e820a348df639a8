import BatchwireRuntime
import Foundation
import Synchronization

/// Every slot outcome the scheduler reported, and when each fast run's step began: the benchmark's
/// observer and the fast job's step write here.
final class FireLog: Sendable {
    private struct State {
        var outcomes: [ScheduleFireOutcome] = []
        /// Seconds from each fast run's slot to the moment its Swift step began.
        var stepStarts: [Double] = []
    }

    private let state = Mutex(State())

    /// The scheduler's observer.
    func record(_ outcome: ScheduleFireOutcome) {
        state.withLock { $0.outcomes.append(outcome) }
    }

    func recordStepStart(after seconds: Double) {
        state.withLock { $0.stepStarts.append(seconds) }
    }

    /// Forgets everything recorded so far (between measuring windows).
    func reset() {
        state.withLock { $0 = State() }
    }

    var outcomes: [ScheduleFireOutcome] { state.withLock { $0.outcomes } }
    var stepStarts: [Double] { state.withLock { $0.stepStarts } }
}
