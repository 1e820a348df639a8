import Foundation
import Testing

/// Issue 19, item 4: every module in the tree is described once in Package.swift's header and in README's
/// layout table, so the next engineer finds where a new file belongs.
@Suite("The module map in Package.swift and README matches the tree")
struct ModuleMapDocumentationTests {
    private static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The folders under Sources/: one per module.
    static func sourceModules() throws -> [String] {
        let sources = repositoryRoot.appendingPathComponent("Sources")
        return try FileManager.default.contentsOfDirectory(atPath: sources.path)
            .filter { !$0.hasPrefix(".") }
            .sorted()
    }

    /// The names in backticks at the start of each `/// - ` line of Package.swift's header.
    static func headerModules() throws -> Set<String> {
        let manifest = try String(contentsOf: repositoryRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        var names: Set<String> = []
        for line in manifest.split(separator: "\n") where line.hasPrefix("/// - `") {
            let described = line.dropFirst("/// - ".count).prefix { $0 != ":" }
            for match in described.matches(of: /`([A-Za-z0-9_-]+)`/) { names.insert(String(match.1)) }
        }
        return names
    }

    /// The names in backticks in the first column of README's `## Layout` table.
    static func readmeModules() throws -> Set<String> {
        let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        guard let start = readme.range(of: "## Layout") else { return [] }
        var names: Set<String> = []
        for line in readme[start.upperBound...].split(separator: "\n").prefix(40) where line.hasPrefix("| `") {
            let firstColumn = line.dropFirst(2).prefix { $0 != "|" }
            for match in firstColumn.matches(of: /`([A-Za-z0-9_-]+)`/) { names.insert(String(match.1)) }
        }
        return names
    }

    @Test("Package.swift's header describes every module under Sources/, and no module that is gone")
    func headerMatchesTheTree() throws {
        let modules = try Self.sourceModules()
        let header = try Self.headerModules()
        #expect(modules.count >= 15)
        for module in modules {
            #expect(header.contains(module), "Package.swift's header does not describe Sources/\(module)")
        }
        for name in header {
            #expect(modules.contains(name), "Package.swift's header describes \(name), which is not under Sources/")
        }
    }

    @Test("README's layout table names every Swift library module under Sources/, and no module that is gone")
    func readmeMatchesTheTree() throws {
        let modules = try Self.sourceModules()
        let readme = try Self.readmeModules()
        // The C system libraries and the step supervisor are the header's business, not the layout table's.
        let documented = modules.filter { !$0.hasPrefix("C") && $0 != "batchwire-step-supervisor" }
        for module in documented {
            #expect(readme.contains(module), "README's layout table does not name Sources/\(module)")
        }
        for name in readme {
            #expect(modules.contains(name), "README's layout table names \(name), which is not under Sources/")
        }
    }
}
