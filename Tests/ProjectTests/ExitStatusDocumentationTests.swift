import Foundation
import Testing

/// Issue 15, item 16: one table of exit statuses, the same in README.md and in the code that throws them.
@Suite("Exit statuses are documented once, as the code has them")
struct ExitStatusDocumentationTests {
    private static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `| status | meaning |` rows of the table that follows `heading` in `text`, with any `/// ` removed.
    static func table(after heading: String, in text: String) -> [String] {
        guard let start = text.range(of: heading) else { return [] }
        var rows: [String] = []
        for line in text[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "/// ", with: "")
            if trimmed.hasPrefix("| "), let number = trimmed.dropFirst(2).split(separator: " ").first, Int(number) != nil {
                rows.append(trimmed)
            } else if !rows.isEmpty && !trimmed.hasPrefix("|") {
                break
            }
        }
        return rows
    }

    @Test("README's table is CommandExit's table, row for row")
    func readmeMatchesTheCode() throws {
        let readme = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let code = try String(
            contentsOf: Self.repositoryRoot.appendingPathComponent("Sources/batchwire/CommandExit.swift"), encoding: .utf8)
        let documented = Self.table(after: "### Exit statuses", in: readme)
        let coded = Self.table(after: "/// | status | meaning |", in: code)
        #expect(documented.count >= 8)
        #expect(documented == coded)
        // Every status the code names is in the table.
        for match in code.matches(of: /ExitCode\((\d+)\)/) {
            #expect(documented.contains { $0.hasPrefix("| \(match.1) |") }, "status \(match.1) is not documented")
        }
    }
}
