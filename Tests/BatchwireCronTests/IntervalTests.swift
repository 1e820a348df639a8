import Foundation
import Testing

@testable import BatchwireCron

@Suite("Interval schedules (every:)")
struct IntervalTests {
    @Test("durations")
    func durations() throws {
        #expect(try IntervalSchedule.seconds("90s") == 90)
        #expect(try IntervalSchedule.seconds("15m") == 900)
        #expect(try IntervalSchedule.seconds("2h") == 7200)
        #expect(try IntervalSchedule.seconds("1d") == 86_400)
        #expect(try IntervalSchedule.seconds("1h30m") == 5400)
        for bad in ["", "0s", "90", "m", "5x", "-5m"] {
            #expect(throws: CronError.self) { try IntervalSchedule.seconds(bad) }
        }
    }

    @Test("fires at anchor + k * period, strictly after the query, regardless of DST")
    func fires() throws {
        let anchor = Date(timeIntervalSince1970: 1_000)
        let every = try IntervalSchedule(every: "90s", anchor: anchor)
        #expect(every.nextEpochSecond(after: 1_000) == 1_090)
        #expect(every.nextEpochSecond(after: 1_089) == 1_090)
        #expect(every.nextEpochSecond(after: 999) == 1_000)
        #expect(every.nextEpochSecond(after: 0) == 10)
        #expect(every.nextEpochSeconds(after: 1_000, count: 3) == [1_090, 1_180, 1_270])
        #expect(every.next(after: Date(timeIntervalSince1970: 1_000.5)) == Date(timeIntervalSince1970: 1_090))
        #expect(throws: CronError.self) { try IntervalSchedule(period: 0) }
    }
}
