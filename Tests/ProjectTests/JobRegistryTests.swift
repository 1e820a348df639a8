import BatchwireRuntime
import Foundation
import Testing

@Suite struct JobRegistryTests {
    private final class Folder: Sendable {
        let path: String
        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("batchwire-registry-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        func write(_ name: String, _ text: String) throws {
            try text.write(toFile: (path as NSString).appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        func remove(_ name: String) throws {
            try FileManager.default.removeItem(atPath: (path as NSString).appendingPathComponent(name))
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    private static func job(_ name: String, command: String = "/bin/true", cron: String = "0 * * * *") -> String {
        "name: \(name)\nsteps: [{ name: s, command: [\(command)] }]\nschedules: [{ cron: '\(cron)' }]\n"
    }

    private let loader = JobFileLoader(parser: JobFileParser(scheduleCheck: ScheduleValidation.check))

    @Test func jobCountAndEntriesCoverCodeAndFileJobs() throws {
        let folder = try Folder()
        let registry = JobRegistry()
        try folder.write("a.yaml", Self.job("beta"))
        try folder.write("b.yaml", Self.job("delta"))
        registry.apply(loader.load(directory: folder.path))
        for name in ["gamma", "alpha"] {
            try registry.register(JobDefinition(name: name, location: SourceLocation(file: "Main.swift", line: 1, column: 1)))
        }
        #expect(registry.jobCount == 4)
        #expect(registry.jobNames == ["alpha", "beta", "delta", "gamma"])
        #expect(registry.entries.map(\.origin) == [.code, .file(folder.path + "/a.yaml"), .file(folder.path + "/b.yaml"), .code])
        #expect(registry.job(named: "delta")?.name == "delta")
        #expect(registry.job(named: "gamma")?.name == "gamma")
        #expect(throws: JobFileError.self) {
            try registry.register(JobDefinition(name: "beta", location: SourceLocation(file: "Main.swift", line: 2, column: 1)))
        }
        try folder.remove("b.yaml")
        registry.apply(loader.load(directory: folder.path))
        #expect(registry.jobCount == 3)
        #expect(registry.job(named: "delta") == nil)
    }

    @Test func addChangeAndRemoveAreReported() throws {
        let folder = try Folder()
        let registry = JobRegistry()
        try folder.write("a.yaml", Self.job("alpha"))
        try folder.write("b.yaml", Self.job("beta"))
        #expect(registry.apply(loader.load(directory: folder.path)).added == ["alpha", "beta"])
        let generation = registry.generation

        try folder.write("a.yaml", Self.job("alpha", cron: "30 * * * *"))
        try folder.remove("b.yaml")
        try folder.write("c.yaml", Self.job("gamma"))
        let changes = registry.apply(loader.load(directory: folder.path))
        #expect(changes == JobRegistry.Changes(added: ["gamma"], changed: ["alpha"], removed: ["beta"]))
        #expect(registry.jobNames == ["alpha", "gamma"])
        #expect(registry.generation > generation)

        // Loading the same files again changes nothing.
        #expect(registry.apply(loader.load(directory: folder.path)).isEmpty)
    }

    @Test func aBrokenFileKeepsItsLastGoodJobsAndReportsTheError() throws {
        let folder = try Folder()
        let registry = JobRegistry()
        try folder.write("a.yaml", Self.job("alpha"))
        registry.apply(loader.load(directory: folder.path))

        try folder.write("a.yaml", Self.job("alpha", cron: "0 0 31 2 *"))  // never fires: rejected
        let changes = registry.apply(loader.load(directory: folder.path))
        #expect(changes.isEmpty)
        #expect(registry.job(named: "alpha")?.schedules.first?.trigger == .cron(expression: "0 * * * *", dialect: "cron"))
        #expect(registry.errors.count == 1)
        #expect(registry.errors.first?.location.file.hasSuffix("a.yaml") == true)

        try folder.write("a.yaml", Self.job("alpha", cron: "15 * * * *"))
        #expect(registry.apply(loader.load(directory: folder.path)).changed == ["alpha"])
        #expect(registry.errors.isEmpty)
    }

    @Test func codeJobsCannotBeRedefinedByFiles() throws {
        let folder = try Folder()
        let registry = JobRegistry()
        var definition = JobDefinition(name: "in-code", location: SourceLocation(file: "Main.swift", line: 1, column: 1))
        definition.steps = [StepDefinition(name: "s", command: ["/bin/true"])]
        try registry.register(definition)
        #expect(throws: JobFileError.self) { try registry.register(definition) }

        try folder.write("x.yaml", Self.job("in-code"))
        registry.apply(loader.load(directory: folder.path))
        #expect(registry.entries.first { $0.definition.name == "in-code" }?.origin == .code)
        #expect(registry.errors.first?.reason.contains("already registered in code") == true)
    }

    @Test func theWatcherPicksUpChangesWithoutARestart() async throws {
        let folder = try Folder()
        let registry = JobRegistry()
        try folder.write("a.yaml", Self.job("alpha"))
        let watcher = JobFolderWatcher(
            directory: folder.path, registry: registry, loader: loader, interval: .milliseconds(20), clock: ContinuousClock()
        )
        let task = Task { await watcher.run() }
        defer { task.cancel() }
        try await waitUntil { registry.jobNames == ["alpha"] }

        try folder.write("b.yaml", Self.job("beta"))
        try await waitUntil { registry.jobNames == ["alpha", "beta"] }
        try folder.remove("a.yaml")
        try await waitUntil { registry.jobNames == ["beta"] }
    }

    @Test func theFingerprintSeesASameSizeRewriteAndNothingElse() throws {
        let folder = try Folder()
        try folder.write("a.yaml", Self.job("alpha", cron: "0 * * * *"))
        let first = JobFolderWatcher<ContinuousClock>.fingerprint(of: folder.path)
        #expect(first.count == 1)
        #expect(JobFolderWatcher<ContinuousClock>.fingerprint(of: folder.path) == first)
        // Same size, other content, a later modification time: a change.
        let file = (folder.path as NSString).appendingPathComponent("a.yaml")
        try folder.write("a.yaml", Self.job("alpha", cron: "5 * * * *"))
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(5)], ofItemAtPath: file)
        #expect(JobFolderWatcher<ContinuousClock>.fingerprint(of: folder.path) != first)
    }

    private func waitUntil(_ condition: @Sendable () -> Bool, sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws {
        // Generous: the whole suite runs at once on two cores in CI, where a 20 ms poll can starve for
        // seconds (a CI run missed 10 s). Not a speed check; a watcher that never reloads still fails.
        let deadline = ContinuousClock.now + .seconds(60)
        while !condition() {
            if ContinuousClock.now > deadline {
                Issue.record("condition not met within 60 s", sourceLocation: sourceLocation)
                return
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
