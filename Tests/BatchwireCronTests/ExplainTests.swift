import Testing

@testable import BatchwireCron

@Suite("Explanations")
struct ExplainTests {
    @Test(
        "in words",
        arguments: [
            ("0 9 * * 1-5", "at 09:00, Monday through Friday"),
            ("30 2 * * *", "at 02:30, every day"),
            ("*/15 * * * *", "every 15 minutes, every day"),
            ("*/15 9-17 * * mon-fri", "every 15 minutes, during hour 09:00 through 17:00, Monday through Friday"),
            ("0 * * * *", "at minute 0 of every hour, every day"),
            ("0 9,17 * * sat,sun", "at 09:00 and 17:00, Sunday and Saturday"),
            ("0 0 L * *", "at 00:00, on the last day of the month"),
            ("0 0 1,15 * 5", "at 00:00, on day 1 and 15 of the month or Friday"),
            ("0 0 * * 5#3", "at 00:00, on the third Friday of the month"),
            ("0 18 LW * *", "at 18:00, on the last weekday of the month"),
            ("0 0 1 jan-mar *", "at 00:00, on day 1 of the month, in January through March"),
            ("30 0 12 * * * 2027", "at 12:00:30, in 2027"),
        ])
    func words(_ text: String, _ expected: String) throws {
        #expect(try CronExpression(text).explanation == expected)
    }

    @Test("a schedule names its zone")
    func zone() throws {
        let schedule = try CronSchedule("0 9 * * 1-5", zone: "America/New_York")
        #expect(schedule.explanation == "at 09:00, Monday through Friday, in America/New_York")
    }
}
