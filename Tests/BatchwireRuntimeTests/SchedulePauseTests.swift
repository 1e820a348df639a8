import BatchwireCore
import BatchwireRuntime
import BatchwireStore
import Foundation
import Synchronization
import Testing

/// `JobOperator.setSchedulesPaused`: the pause loop the dashboard uses.
@Suite("JobOperator.setSchedulesPaused")
struct SchedulePauseTests {
    static func schedule(_ expression: String, _ name: String) -> ScheduleDefinition {
        var schedule = ScheduleDefinition(
            trigger: .cron(expression: expression, dialect: "cron"), location: SourceLocation(file: "test", line: 1, column: 1))
        schedule.name = name
        return schedule
    }

    @Test("pauses every schedule of a job with who and why, resumes one, tells the caller once per call",
        arguments: LaunchBackend.allCases)
    func pauseAndResume(backend: LaunchBackend) async throws {
        try await withLaunchFixture(backend) { fixture in
            try fixture.register("nightly", steps: [("say", "true")]) { job in
                job.schedules = [Self.schedule("0 2 * * *", "night"), Self.schedule("0 14 * * *", "day")]
            }
            try fixture.register("manual", steps: [("say", "true")])
            let jobOperator = fixture.makeOperator()
            let notified = Mutex(0)
            let ids = try await jobOperator.setSchedulesPaused(
                true, selector: "nightly", reason: "migration", changedBy: "test@node", listedBy: "the test",
                afterChanges: { notified.withLock { $0 += 1 } })
            #expect(ids == ["nightly#night", "nightly#day"] || ids == ["nightly#day", "nightly#night"])
            #expect(notified.withLock { $0 } == 1)
            var states = try await fixture.store.state.scheduleStates()
            #expect(states.count == 2 && states.allSatisfy { $0.isPaused && $0.reason == "migration" && $0.changedBy == "test@node" })

            let resumed = try await jobOperator.setSchedulesPaused(
                false, selector: "nightly#day", reason: "ignored", changedBy: "test@node", listedBy: "the test")
            #expect(resumed == ["nightly#day"])
            states = try await fixture.store.state.scheduleStates()
            #expect(states.first { $0.scheduleID == "nightly#day" }.map { !$0.isPaused && $0.reason == nil } == true)

            await #expect(throws: JobOperatorError.self) {
                try await jobOperator.setSchedulesPaused(
                    true, selector: "nope", reason: nil, changedBy: "t", listedBy: "the test",
                    afterChanges: { notified.withLock { $0 += 1 } })
            }
            do {
                try await jobOperator.setSchedulesPaused(true, selector: "manual", reason: nil, changedBy: "t", listedBy: "x")
                Issue.record("a job without schedules was paused")
            } catch let error as JobOperatorError {
                #expect(error.code == .noSuchJob && error.message.contains("has no schedules to pause"))
            }
            #expect(notified.withLock { $0 } == 1)
        }
    }
}
