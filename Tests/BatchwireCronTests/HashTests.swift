import Testing

@testable import BatchwireCron

@Suite("H (hashed values)")
struct HashTests {
    @Test("FNV-1a 64 test vectors")
    func vectors() {
        #expect(FNV1a.hash64("") == 0xcbf2_9ce4_8422_2325)
        #expect(FNV1a.hash64("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(FNV1a.hash64("foobar") == 0x8594_4171_f739_67e8)
    }

    @Test("H is lo + h mod span over the field, per seed and field name")
    func bareH() throws {
        let h = FNV1a.hash64("nightly-backup/minute")
        let expression = try CronExpression("H * * * *", seed: "nightly-backup")
        #expect(expression.minutes == 1 << (h % 60))
        let hour = try CronExpression("0 H * * *", seed: "nightly-backup")
        #expect(hour.hours == 1 << (FNV1a.hash64("nightly-backup/hour") % 24))
    }

    @Test("H in day-of-month picks 1-28, in day-of-week 0-6, in month 1-12")
    func ranges() throws {
        for seed in (0..<200).map({ "job-\($0)" }) {
            let e = try CronExpression("0 0 H H H", seed: seed)
            let dom = e.days.monthDays.trailingZeroBitCount
            #expect(dom == 1 + Int(FNV1a.hash64(seed + "/dom") % 28))
            #expect(e.months.trailingZeroBitCount == 1 + Int(FNV1a.hash64(seed + "/month") % 12))
            #expect(e.days.weekdays.trailingZeroBitCount == Int(FNV1a.hash64(seed + "/dow") % 7))
        }
    }

    @Test("H(a-b) and H/n")
    func rangedAndStepped() throws {
        let h = FNV1a.hash64("poller/minute")
        let ranged = try CronExpression("H(10-19) * * * *", seed: "poller")
        #expect(ranged.minutes == 1 << (10 + h % 10))
        let stepped = try CronExpression("H/15 * * * *", seed: "poller")
        let first = Int(h % 15)
        #expect(stepped.minutes.members == [first, first + 15, first + 30, first + 45])
        let seconds = try CronExpression("H/20 * * * * *", seed: "poller")
        #expect(seconds.seconds.members.count == 3)
    }

    @Test("different seeds spread, the same seed is stable")
    func spread() throws {
        let minutes = Set(try (0..<100).map { try CronExpression("H * * * *", seed: "job\($0)").minutes })
        #expect(minutes.count > 30)
        #expect(try CronExpression("H H * * *", seed: "x") == CronExpression("H H * * *", seed: "x"))
    }

    @Test("H is rejected where it is not supported")
    func rejected() {
        #expect(rejection("H(0-29)/5 * * * *", seed: "s")?.code == .misplaced)
        #expect(rejection("0 0 0 1 1 * H", seed: "s")?.field == .year)
        #expect(rejection("0 H * * * ?", dialect: .quartz)?.code == .misplaced)
        #expect(rejection("H/0 * * * *")?.code == .invalidStep)
        #expect(rejection("H(30-10) * * * *")?.code == .reversedRange)
        #expect(rejection("H(0-60) * * * *")?.code == .outOfRange)
        #expect(rejection("Hx * * * *")?.code == .syntax)
    }
}
