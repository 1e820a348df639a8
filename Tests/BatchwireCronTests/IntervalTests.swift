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

    @Test("duration text: the one parser of job files, configuration and --every")
    func durationText() {
        #expect(DurationText.seconds("90s") == 90)
        #expect(DurationText.seconds("1h30m") == 5400)
        #expect(DurationText.seconds("7d") == 604_800)
        #expect(DurationText.seconds("1d2h3m4s") == 93_784)
        #expect(DurationText.seconds("1H30M") == 5400)
        #expect(DurationText.seconds(" 15m ") == 900)
        #expect(DurationText.seconds("0s1s") == 1)
        #expect(DurationText.seconds("999999999999s") == 999_999_999_999)
        for bad in ["", " ", "0s", "0m0s", "90", "1h30", "m", "5x", "-5m", "1.5h", "1 h", "1000000000000s", "٣s"] {
            #expect(DurationText.seconds(bad) == nil, "\(bad)")
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
