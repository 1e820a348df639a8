import ArgumentParser
import BatchwireCron
import Foundation

/// `batchwire next <expr>`: the upcoming fire instants of a schedule expression.
struct NextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "next",
        abstract: "Print the next fire instants of a schedule expression.",
        discussion: """
            Prints one ISO-8601 instant per line, with the zone's real offset at that instant.
            An expression that is invalid or can never fire is rejected with a message naming
            the field and the token, and a non-zero exit status.

            --seed <seed>  The hash seed for H, usually the job name (--seed=S or --seed S;
                           --seed= is an empty seed).
            """
    )

    @Argument(help: "The expression, e.g. '0 9 * * mon-fri', '@daily' or 'every 90m', or a job's name.")
    var expression: String

    @Option(name: .customLong("schedules-dir"), help: "Folder of job files, for a job's name (BATCHWIRE_SCHEDULES_DIR).")
    var schedulesDirectory: String?

    @Option(help: "An IANA zone (Europe/Berlin) or a fixed offset (+05:30).")
    var zone: String = "UTC"

    @Option(help: "Start instant (ISO-8601); results are strictly after it. Default: now.")
    var after: String?

    @Option(help: "How many instants to print.")
    var count: Int = 5

    @Option(help: "cron (default) or quartz.")
    var dialect: String = "cron"

    /// `--seed S`, `--seed=S` and an empty `--seed=` (which ArgumentParser cannot take as an
    /// option value, because it reads `--seed=` as `--seed` without one), so read by hand.
    @Argument(parsing: .allUnrecognized, help: .hidden)
    var unrecognized: [String] = []

    @Option(help: "Daylight-saving gap rule: shift or skip (default: by expression kind).")
    var gap: String?

    @Option(help: "Daylight-saving overlap rule: first, last or both (default: by expression kind).")
    var overlap: String?

    @Flag(help: "Describe the schedule in words before the instants.")
    var explain = false

    func validate() throws {
        guard count >= 0 else { throw ValidationError("--count must be 0 or more") }
        guard CronDialect(rawValue: dialect) != nil else { throw ValidationError("--dialect must be cron or quartz") }
        if let gap, DSTPolicy.Gap(rawValue: gap) == nil { throw ValidationError("--gap must be shift or skip") }
        if let overlap, DSTPolicy.Overlap(rawValue: overlap) == nil {
            throw ValidationError("--overlap must be first, last or both")
        }
    }

    func run() throws {
        let seed = try seedValue()
        do {
            let zone = try CronZone(self.zone)
            let start: Int64
            if let after {
                guard let parsed = InstantFormat.epochSecond(parsing: after, zone: zone) else {
                    throw ValidationError(
                        "--after \"\(after)\" is not an ISO-8601 instant like 2026-03-08T03:00:00-05:00")
                }
                start = parsed
            } else {
                start = Int64(Date().timeIntervalSince1970.rounded(.down))
            }
            let folder = schedulesDirectory ?? ProcessInfo.processInfo.environment["BATCHWIRE_SCHEDULES_DIR"] ?? "schedules"
            if let fires = jobFires(
                named: expression, after: Date(timeIntervalSince1970: TimeInterval(start)), schedulesDirectory: folder)
            {
                print(fires, terminator: "")
                return
            }
            let schedule: any Schedule
            let trimmed = expression.trimmingCharacters(in: .whitespaces)
            if let interval = Self.intervalText(trimmed) {
                let every = try IntervalSchedule(every: interval)
                if explain { print("every \(interval) of elapsed time") }
                schedule = every
            } else {
                let parsed = try CronExpression(expression, dialect: CronDialect(rawValue: dialect)!, seed: seed)
                let cron = CronSchedule(
                    parsed, zone: zone, gap: gap.flatMap(DSTPolicy.Gap.init),
                    overlap: overlap.flatMap(DSTPolicy.Overlap.init)
                )
                if explain { print(cron.explanation) }
                schedule = cron
            }
            var output = ""
            for fire in schedule.nextEpochSeconds(after: start, count: count) {
                output += InstantFormat.string(epochSecond: fire, in: zone) + "\n"
            }
            print(output, terminator: "")
        } catch let error as CronError {
            // Printed as "Error: <field>: "<token>" <reason>", exit status 1.
            throw error
        }
    }

    /// The seed from `--seed S`, `--seed=S` or `--seed=` (empty) among the arguments ArgumentParser
    /// left over; anything else left over is an error.
    private func seedValue() throws -> String {
        var seed = ""
        var i = 0
        while i < unrecognized.count {
            let argument = unrecognized[i]
            if argument.hasPrefix("--seed=") {
                seed = String(argument.dropFirst("--seed=".count))
            } else if argument == "--seed" {
                let next = i + 1 < unrecognized.count ? unrecognized[i + 1] : nil
                if let next, !next.hasPrefix("--") {
                    seed = next
                    i += 1
                } else {
                    seed = ""
                }
            } else {
                throw ValidationError("Unexpected argument '\(argument)'")
            }
            i += 1
        }
        return seed
    }

    /// `every 90s` or `every: 90s` → `90s`.
    private static func intervalText(_ text: String) -> String? {
        guard text.lowercased().hasPrefix("every") else { return nil }
        var rest = text.dropFirst(5)
        if rest.first == ":" { rest = rest.dropFirst() }
        return rest.trimmingCharacters(in: .whitespaces)
    }
}
