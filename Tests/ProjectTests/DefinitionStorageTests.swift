import BatchwireRuntime
import Foundation
import Testing

/// Job and schedule definitions share their storage between copies: a change to one copy must never show
/// in another, and equality must still compare the fields.
@Suite struct DefinitionStorageTests {
    private static let location = SourceLocation(file: "jobs/a.yaml", line: 3, column: 5)

    private static func schedule() -> ScheduleDefinition {
        var schedule = ScheduleDefinition(trigger: .cron(expression: "0 9 * * *", dialect: "cron"), location: location)
        schedule.zone = "Europe/Berlin"
        schedule.catchupWindowSeconds = 3600
        return schedule
    }

    @Test func changingAScheduleCopyLeavesTheOriginal() {
        let original = Self.schedule()
        var copy = original
        #expect(copy == original)
        copy.zone = "Asia/Tokyo"
        copy.catchupWindowSeconds = nil
        copy.start = Date(timeIntervalSince1970: 1_767_225_600)
        #expect(original.zone == "Europe/Berlin")
        #expect(original.catchupWindowSeconds == 3600)
        #expect(original.start == nil)
        #expect(copy.zone == "Asia/Tokyo" && copy.catchupWindowSeconds == nil && copy.start != nil)
        #expect(copy != original)
        // Made apart with the same fields: equal.
        #expect(Self.schedule() == original)
        var zero = Self.schedule()
        zero.catchupWindowSeconds = 0
        #expect(zero.catchupWindowSeconds == 0)
        #expect(zero != original)
    }

    @Test func changingAJobCopyLeavesTheOriginal() {
        var original = JobDefinition(name: "orders", location: Self.location)
        original.steps = [StepDefinition(name: "export", command: ["/bin/true"])]
        original.schedules = [Self.schedule()]
        var copy = original
        #expect(copy == original)
        copy.schedules[0].paused = true
        copy.steps.append(StepDefinition(name: "load", command: ["/bin/false"]))
        copy.description = "changed"
        #expect(original.schedules[0].paused == false)
        #expect(original.steps.count == 1)
        #expect(original.description == nil)
        #expect(copy != original)
        var again = JobDefinition(name: "orders", location: Self.location)
        again.steps = [StepDefinition(name: "export", command: ["/bin/true"])]
        again.schedules = [Self.schedule()]
        #expect(again == original)
    }

    @Test func sourceLocationKeepsLineAndColumn() {
        let location = SourceLocation(file: "jobs/a.yaml", line: 120_000, column: 77)
        #expect(location.line == 120_000 && location.column == 77)
        #expect(location.description == "jobs/a.yaml:120000:77")
        #expect(location == SourceLocation(file: "jobs/a.yaml", line: 120_000, column: 77))
        #expect(location != SourceLocation(file: "jobs/a.yaml", line: 120_000, column: 78))
    }
}
