import Foundation
import Testing

/// `batchwire next <job>` and `batchwire jobs` show the fires `serve` would make: within each schedule's
/// `start:` and `end:`.
@Suite("Schedule bounds in next and jobs")
struct ScheduleBoundsCommandTests {
    @Test("a schedule that ended in 2001 shows no fire; one that starts in 2099 shows its first fires then")
    func nextAndJobsHonourStartAndEnd() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("batchwire-bounds-\(UUID().uuidString)", isDirectory: true)
        let schedules = directory.appendingPathComponent("schedules")
        try FileManager.default.createDirectory(at: schedules, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try """
        name: bounded
        steps:
          - name: s
            command: ["/bin/true"]
        schedules:
          - cron: "0 9 * * *"
            end: 2001-01-01T00:00:00Z
          - every: 1h
            start: 2099-01-01T01:00:00Z
        """.write(to: schedules.appendingPathComponent("bounded.yaml"), atomically: true, encoding: .utf8)
        let binary = try BatchwireBinary.locate()
        let environment = ["BATCHWIRE_SCHEDULES_DIR": schedules.path]

        let (nextStatus, next) = try await binary.run(
            ["next", "bounded", "--count", "2", "--after=2026-12-07T00:00:00Z"], environment: environment, in: directory)
        #expect(nextStatus == 0, "\(next)")
        #expect(
            next == """
                # bounded: cron "0 9 * * *" in UTC
                none: no fire before the schedule ends at 2001-01-01T00:00:00Z
                # bounded: every 3600s
                2099-01-01T01:00:00+00:00
                2099-01-01T02:00:00+00:00

                """)

        let (jobsStatus, jobs) = try await binary.run(["jobs", "--json"], environment: environment, in: directory)
        #expect(jobsStatus == 0, "\(jobs)")
        struct Listing: Decodable {
            struct Job: Decodable {
                struct Schedule: Decodable { let nextFires: [String] }
                let schedules: [Schedule]
            }
            let jobs: [Job]
        }
        let listing = try JSONDecoder().decode(Listing.self, from: Data(jobs.utf8))
        #expect(listing.jobs.first?.schedules.map(\.nextFires) == [
            [], ["2099-01-01T01:00:00+00:00", "2099-01-01T02:00:00+00:00", "2099-01-01T03:00:00+00:00"],
        ])
    }
}
