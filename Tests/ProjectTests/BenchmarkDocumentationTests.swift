import Foundation
import Testing

/// Issue 19, item 6: the benchmarks are a package of their own (`Benchmarks/Package.swift`), outside the product
/// graph, and README's layout section lists every one of them with the command that runs it.
@Suite("README lists every benchmark of Benchmarks/Package.swift with its command")
struct BenchmarkDocumentationTests {
    private static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A benchmark target and the command that runs it from `Benchmarks/`.
    struct Benchmark: CustomStringConvertible {
        let name: String
        /// Whether ordo-one/benchmark runs it (it uses `BenchmarkPlugin`), rather than `swift run`.
        let isMicroBenchmark: Bool

        var command: String {
            isMicroBenchmark
                ? "swift package --disable-sandbox benchmark --target \(name)" : "swift run -c release \(name)"
        }

        var description: String { name }
    }

    private static func text(_ path: String) throws -> String {
        try String(contentsOf: repositoryRoot.appendingPathComponent(path), encoding: .utf8)
    }

    /// The executable targets of `Benchmarks/Package.swift`, read as text.
    static func benchmarks() throws -> [Benchmark] {
        let manifest = try text("Benchmarks/Package.swift")
        return manifest.components(separatedBy: ".executableTarget(").dropFirst().compactMap { segment in
            let declaration = segment.components(separatedBy: ".target(")[0]
            guard let match = declaration.firstMatch(of: /name: "([A-Za-z0-9_-]+)"/) else { return nil }
            return Benchmark(name: String(match.1), isMicroBenchmark: declaration.contains("\"BenchmarkPlugin\""))
        }
    }

    /// README's `## Layout` section, where the benchmarks are listed.
    static func layoutSection() throws -> Substring {
        let readme = try text("README.md")
        guard let start = readme.range(of: "## Layout") else { return "" }
        let rest = readme[start.upperBound...]
        guard let end = rest.range(of: "\n## ") else { return rest }
        return rest[..<end.lowerBound]
    }

    @Test("Benchmarks/Package.swift declares the seven benchmarks, the cron engine's on ordo-one/benchmark")
    func benchmarkPackageDeclaresThem() throws {
        let benchmarks = try Self.benchmarks()
        #expect(benchmarks.count >= 7)
        #expect(benchmarks.first { $0.name == "CronBenchmark" }?.isMicroBenchmark == true)
        let executables = benchmarks.filter { !$0.isMicroBenchmark }.map(\.name)
        for name in ["LaunchBenchmark", "StepKindBenchmark", "SchedulerBenchmark", "EventBenchmark"] {
            #expect(executables.contains(name), "Benchmarks/Package.swift has no executable \(name)")
        }
    }

    @Test("README's layout section gives every benchmark's command, in a code span")
    func readmeListsEveryBenchmark() throws {
        let section = try Self.layoutSection()
        for benchmark in try Self.benchmarks() {
            #expect(
                section.contains("`\(benchmark.command)"),
                "README's layout section does not give `\(benchmark.command)` for \(benchmark.name)")
        }
    }

    @Test("README names no benchmark that Benchmarks/Package.swift does not declare")
    func readmeNamesNoOtherBenchmark() throws {
        let names = Set(try Self.benchmarks().map(\.name))
        let section = try Self.layoutSection()
        for match in section.matches(of: /(?:swift run -c release|benchmark --target) ([A-Za-z0-9_-]+)/) {
            #expect(names.contains(String(match.1)), "README runs \(match.1), which Benchmarks/Package.swift lacks")
        }
    }

    @Test("The root package builds no benchmark and does not depend on ordo-one/benchmark")
    func rootPackageHasNoBenchmark() throws {
        let manifest = try Self.text("Package.swift")
        #expect(!manifest.contains("ordo-one/benchmark"))
        #expect(!manifest.contains("hdrhistogram"))
        let sources = try FileManager.default.contentsOfDirectory(
            atPath: Self.repositoryRoot.appendingPathComponent("Sources").path)
        #expect(sources.filter { $0.hasSuffix("Benchmark") }.isEmpty, "a benchmark is still under Sources/")
    }
}
