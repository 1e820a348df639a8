import Foundation
import Testing

@testable import BatchwireCron

@Suite("Expression pool (shared compiled fields)")
struct ExpressionPoolTests {
    @Test("equal fields are shared, whatever the text or seed that produced them")
    func sharesEqualFields() throws {
        let pool = CronExpressionPool()
        let written = pool.share(try CronExpression("17 3 * * *"))
        // Find a seed whose `H H` resolves to 03:17, then check the pool hands back the first one's fields.
        let seed = try #require(
            (0..<100_000).lazy.map { "job-\($0)" }.first { seed in
                let e = try? CronExpression("H H * * *", seed: seed)
                return e?.minutes == 1 << 17 && e?.hours == 1 << 3
            })
        let hashed = pool.share(try CronExpression("H H * * *", seed: seed))
        #expect(CronExpressionPool.shareFields(written, hashed))
        #expect(pool.distinctCount == 1)
        // The expressions stay what they were: their text and seed differ, so they are not equal.
        #expect(hashed.source == "H H * * *" && hashed.seed == seed)
        #expect(written != hashed)
        let start = Int64(1_767_225_600)
        let zone = try CronZone("Europe/Berlin")
        #expect(
            CronSchedule(written, zone: zone).nextEpochSeconds(after: start, count: 5)
                == CronSchedule(hashed, zone: zone).nextEpochSeconds(after: start, count: 5))
    }

    @Test("different fields are not shared, and a shared expression fires like an unshared one")
    func keepsDifferentFieldsApart() throws {
        let pool = CronExpressionPool()
        let texts = ["0 9 * * 1-5", "0 9 * * 1-5", "0 9 * * 1-6", "0 9 L * *", "0 9 LW * *", "0 9 * * 5#3", "0 0 9 1 1 * 2030"]
        let shared = try texts.map { pool.share(try CronExpression($0)) }
        #expect(pool.distinctCount == 6)
        #expect(CronExpressionPool.shareFields(shared[0], shared[1]))
        for i in 1..<shared.count - 1 {
            #expect(!CronExpressionPool.shareFields(shared[i], shared[i + 1]))
        }
        let start = Int64(1_767_225_600)
        for (text, expression) in zip(texts, shared) {
            let alone = try CronExpression(text)
            #expect(expression == alone)
            #expect(
                CronSchedule(expression).nextEpochSeconds(after: start, count: 20)
                    == CronSchedule(alone).nextEpochSeconds(after: start, count: 20), "\(text)")
        }
    }
}
