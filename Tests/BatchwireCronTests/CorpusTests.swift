import BatchwireTestBasics
import Foundation
import Testing

@testable import BatchwireCron

/// The whole public conformance corpus (`Tests/Fixtures/cron-corpus`, or `$BATCHWIRE_CRON_CORPUS`) must pass.
@Suite("Conformance corpus")
struct CorpusTests {
    /// The vendored corpus (`Tests/Fixtures/cron-corpus`), or `$BATCHWIRE_CRON_CORPUS`.
    static func corpusDirectory() -> URL {
        TestFixtures.cronCorpus
    }

    @Test("every case of cases.json gives expected.json's answer")
    func wholeCorpus() throws {
        let directory = Self.corpusDirectory()
        guard let casesData = FileManager.default.contents(atPath: directory.appendingPathComponent("cases.json").path),
            let expectedData = FileManager.default.contents(
                atPath: directory.appendingPathComponent("expected.json").path)
        else {
            Issue.record(
                "cron corpus not found at \(directory.path): restore Tests/Fixtures/cron-corpus (git checkout) or set BATCHWIRE_CRON_CORPUS"
            )
            return
        }
        let cases = try #require(
            (try JSONSerialization.jsonObject(with: casesData) as? [String: Any])?["cases"] as? [[String: Any]]
        )
        let results = try #require(
            (try JSONSerialization.jsonObject(with: expectedData) as? [String: Any])?["results"] as? [String: Any]
        )
        #expect(cases.count >= 100, "the corpus looks truncated: \(cases.count) cases")
        var failures: [String] = []
        for item in cases {
            let id = item["id"] as? String ?? "?"
            let expr = item["expr"] as? String ?? ""
            let zone = item["tz"] as? String ?? "UTC"
            let start = item["start"] as? String ?? ""
            let dialect = CronDialect(rawValue: item["dialect"] as? String ?? "cron") ?? .cron
            let count = item["count"] as? Int ?? 5
            let seed = item["seed"] as? String ?? ""
            let expected = (results[id] as? [String: Any])?["expected"]
            let got: Result<[String], any Error> = Result {
                try fires(expr, zone: zone, after: start, count: count, dialect: dialect, seed: seed)
            }
            switch (expected, got) {
            case (let want as [String], .success(let have)):
                let wantSeconds = want.map { InstantFormat.epochSecond(parsing: $0) }
                let haveSeconds = have.map { InstantFormat.epochSecond(parsing: $0) }
                if wantSeconds != haveSeconds || want != have {
                    failures.append("\(id) '\(expr)' \(zone): expected \(want), got \(have)")
                }
            case (let want as [String], .failure(let error)):
                failures.append("\(id) '\(expr)': expected \(want), got error \(error)")
            case (is [String: Any], .success(let have)):
                failures.append("\(id) '\(expr)': expected a rejection, got \(have)")
            case (is [String: Any], .failure):
                break
            default:
                failures.append("\(id): no usable expectation in expected.json")
            }
        }
        #expect(
            failures.isEmpty,
            "\(failures.count) of \(cases.count) corpus cases failed:\n\(failures.joined(separator: "\n"))")
    }
}
