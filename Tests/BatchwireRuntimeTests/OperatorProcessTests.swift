import BatchwireCore
import BatchwireRuntime
import BatchwireStore
import Foundation
import Synchronization
import Testing

/// The `batchwire` binary the tests drive: built next to the test bundle by `swift build` / `swift test`.
struct BatchwireBinary {
    let url: URL

    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "\(path) does not exist: build the package (swift build) before running these tests" }
    }

    static func locate() throws -> BatchwireBinary {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        let url = bundle.deletingLastPathComponent().appendingPathComponent("batchwire")
        guard FileManager.default.isExecutableFile(atPath: url.path) else { throw Missing(path: url.path) }
        return BatchwireBinary(url: url)
    }

    /// Starts `batchwire arguments…` with `environment` added; output goes to `output`.
    func spawn(_ arguments: [String], environment: [String: String], output: URL) throws -> Process {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    /// Runs `batchwire arguments…` to its end.
    /// - Returns: the exit status and the output.
    func run(_ arguments: [String], environment: [String: String], in directory: URL) async throws -> (Int32, String) {
        let output = directory.appendingPathComponent("out-\(UUID().uuidString).txt")
        let process = try spawn(arguments, environment: environment, output: output)
        let status = await exitStatus(of: process)
        return (status, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }
}

/// Waits for `process` without blocking a thread of the cooperative pool.
func exitStatus(of process: Process) async -> Int32 {
    await withCheckedContinuation { continuation in
        let resumed = Mutex(false)
        let finish: @Sendable () -> Void = {
            let first = resumed.withLock { done in
                defer { done = true }
                return !done
            }
            if first { continuation.resume(returning: process.terminationStatus) }
        }
        process.terminationHandler = { _ in finish() }
        if !process.isRunning { finish() }
    }
}

@Suite("Operator commands across processes", .serialized)
struct OperatorProcessTests {
    /// A folder with a job file, an SQLite database initialised by `batchwire db init`, and the environment.
    struct Site {
        let directory: URL
        let environment: [String: String]
        let binary: BatchwireBinary

        static func make(sleep seconds: Int, leaseSeconds: Int = 30, initialize: Bool = true) async throws -> Site {
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("batchwire-cli-\(UUID().uuidString)", isDirectory: true)
            let schedules = directory.appendingPathComponent("schedules")
            try FileManager.default.createDirectory(at: schedules, withIntermediateDirectories: true)
            let marker = directory.appendingPathComponent("napped").path
            try """
            jobs:
              - name: napper
                steps:
                  - name: nap
                    command: ["/bin/sh", "-c", "if [ -f '\(marker)' ]; then exit 0; fi; touch '\(marker)'; exec sleep \(seconds)"]
            """.write(to: schedules.appendingPathComponent("napper.yaml"), atomically: true, encoding: .utf8)
            let environment = [
                "BATCHWIRE_DATABASE_URL": "sqlite:" + directory.appendingPathComponent("db.sqlite").path,
                "BATCHWIRE_SCHEDULES_DIR": schedules.path,
                "BATCHWIRE_LOG_DIR": directory.appendingPathComponent("logs").path,
                "BATCHWIRE_NODE_ID": "test-node",
                "BATCHWIRE_LEASE_SECONDS": "\(leaseSeconds)",
            ]
            let site = Site(directory: directory, environment: environment, binary: try BatchwireBinary.locate())
            if initialize {
                let (status, output) = try await site.run(["db", "init"])
                #expect(status == 0, "\(output)")
            }
            return site
        }

        func run(_ arguments: [String]) async throws -> (Int32, String) {
            try await binary.run(arguments, environment: environment, in: directory)
        }

        func spawn(_ arguments: [String]) throws -> Process {
            try binary.spawn(
                arguments, environment: environment,
                output: directory.appendingPathComponent("spawned-\(UUID().uuidString).txt"))
        }

        func openStore() async throws -> MetadataStore {
            try await MetadataStore.open(
                MetadataStoreConfiguration(location: .sqlite(path: directory.appendingPathComponent("db.sqlite").path)))
        }

        func cleanUp() {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    @Test("a second CLI process stops a running 30 s sleep long before it ends; restart then completes it")
    func stopFromAnotherProcess() async throws {
        let site = try await Site.make(sleep: 30)
        defer { site.cleanUp() }
        let store = try await site.openStore()
        let runner = try site.spawn(["start", "napper", "n=1", "--wait"])
        try await eventually("the step to run") {
            try await store.explorer.getJobExecution(id: 1)?.stepExecutions.first?.status == .started
        }
        let asked = Date()
        let (stopStatus, stopOutput) = try await site.run(["stop", "1", "--wait"])
        #expect(stopStatus == 0, "\(stopOutput)")
        // Not a speed check: only that the stop cut the 30 s step short (the poll is 1 s; a loaded machine adds more).
        #expect(Date().timeIntervalSince(asked) < 20)
        #expect(await exitStatus(of: runner) == 6)
        #expect(try await store.explorer.getJobExecution(id: 1)?.status == .stopped)
        let (restartStatus, restartOutput) = try await site.run(["restart", "1", "--wait", "--json"])
        #expect(restartStatus == 0, "\(restartOutput)")
        #expect(restartOutput.contains("\"status\" : \"COMPLETED\""))
        await store.close()
    }

    @Test("start with its output in a file writes 'execution 1 … started' while the run still goes")
    func startedLineReachesAFileAtOnce() async throws {
        let site = try await Site.make(sleep: 30)
        defer { site.cleanUp() }
        let output = site.directory.appendingPathComponent("start-output.txt")
        let runner = try site.binary.spawn(["start", "napper", "n=1"], environment: site.environment, output: output)
        try await eventually("the started line in the file", within: 20) {
            ((try? String(contentsOf: output, encoding: .utf8)) ?? "").contains("execution 1 of job napper")
        }
        #expect(runner.isRunning, "the run (a 30 s step) is still going")
        let (stopStatus, stopOutput) = try await site.run(["stop", "1", "--wait"])
        #expect(stopStatus == 0, "\(stopOutput)")
        _ = await exitStatus(of: runner)
    }

    @Test("on a new embedded SQLite file, start creates the tables as serve does and runs the job")
    func startCreatesTheEmbeddedSchema() async throws {
        let site = try await Site.make(sleep: 0, initialize: false)
        defer { site.cleanUp() }
        #expect(!FileManager.default.fileExists(atPath: site.directory.appendingPathComponent("db.sqlite").path))
        let (status, output) = try await site.run(["start", "napper", "n=1"])
        #expect(status == 0, "\(output)")
        #expect(!output.contains("db init"), "\(output)")
        let (checkStatus, checkOutput) = try await site.run(["db", "check"])
        #expect(checkStatus == 0, "\(checkOutput)")
        let store = try await site.openStore()
        #expect(try await store.explorer.getJobExecution(id: 1)?.status == .completed)
        await store.close()
    }

    @Test("a schema that does not match exits 5 from db check, the operator commands and serve alike")
    func schemaMismatchExitsFive() async throws {
        let site = try await Site.make(sleep: 0)
        defer { site.cleanUp() }
        // Spring's table without a column it needs.
        let database = site.directory.appendingPathComponent("db.sqlite").path
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = [
            "python3", "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                + "c.execute('ALTER TABLE BATCH_JOB_EXECUTION DROP COLUMN EXIT_MESSAGE'); c.commit()",
            database,
        ]
        try python.run()
        #expect(await exitStatus(of: python) == 0)

        for arguments in [["db", "check"], ["instances", "napper"], ["start", "napper", "n=1"], ["serve"]] {
            let (status, output) = try await site.run(arguments)
            #expect(status == 5, "batchwire \(arguments.joined(separator: " ")): \(output)")
            #expect(output.contains("EXIT_MESSAGE"), "batchwire \(arguments.joined(separator: " ")) names the difference: \(output)")
        }
        let (usage, _) = try await site.run(["start", "--no-such-option"])
        #expect(usage == 64)
    }

    @Test("a process killed with SIGKILL is recovered by another once its lease runs out; restart completes")
    func recoverAfterSIGKILL() async throws {
        let site = try await Site.make(sleep: 4, leaseSeconds: 2)
        defer { site.cleanUp() }
        let store = try await site.openStore()
        let runner = try site.spawn(["start", "napper", "n=1"])
        try await eventually("the step to run") {
            try await store.explorer.getJobExecution(id: 1)?.stepExecutions.first?.status == .started
        }
        kill(runner.processIdentifier, SIGKILL)
        _ = await exitStatus(of: runner)
        let killed = Date()
        var recovered = ""
        try await eventually("recovery", within: 10) {
            let (status, output) = try await site.run(["recover"])
            #expect(status == 0)
            recovered = output
            return output.contains("marked FAILED")
        }
        #expect(Date().timeIntervalSince(killed) < 6)
        #expect(recovered.contains("restart it with batchwire restart 1"))
        let stored = try #require(try await store.explorer.getJobExecution(id: 1))
        #expect(stored.status == .failed)
        #expect(stored.stepExecutions.first?.status == .failed)
        let (restartStatus, restartOutput) = try await site.run(["restart", "1", "--wait"])
        #expect(restartStatus == 0, "\(restartOutput)")
        await store.close()
    }

    /// `{reader.lastRun=new Date(1705314600123L), reader.read.count=42L}` as Spring 5 serializes it (made by
    /// the JDK program in `Tests/BatchwireCoreTests/SpringContextFixtures.swift`).
    static let springDateContext =
        "rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcAUH2sHDFmDRAwACRgAKbG9hZEZhY3RvckkACXRocmVzaG9sZHhwP0AAAAAAAAx3CAAA"
        + "ABAAAAACdAARcmVhZGVyLnJlYWQuY291bnRzcgAOamF2YS5sYW5nLkxvbmc7i+SQzI8j3wIAAUoABXZhbHVleHIAEGphdmEubGFu"
        + "Zy5OdW1iZXKGrJUdC5TgiwIAAHhwAAAAAAAAACp0AA5yZWFkZXIubGFzdFJ1bnNyAA5qYXZhLnV0aWwuRGF0ZWhqgQFLWXQZAwAA"
        + "eHB3CAAAAY0Mq8S7eHg="

    @Test("a step context holding a java.util.Date leaves show, instances and executions working (issue 15 item 1)")
    func listingWithASpringDateInTheContext() async throws {
        let site = try await Site.make(sleep: 0)
        defer { site.cleanUp() }
        let (startStatus, startOutput) = try await site.run(["start", "napper", "n=1"])
        #expect(startStatus == 0, "\(startOutput)")
        let store = try await site.openStore()
        var step = try #require(try await store.explorer.getJobExecution(id: 1)?.stepExecutions.first)
        step.executionContext = try JavaExecutionContextSerializer().deserialize(Self.springDateContext)
        try await store.repository.updateExecutionContext(of: step)
        await store.close()

        let (showStatus, showOutput) = try await site.run(["show", "1"])
        #expect(showStatus == 0, "\(showOutput)")
        #expect(showOutput.contains("reader.lastRun = Mon Jan 15 10:30:00 UTC 2024"), "\(showOutput)")
        #expect(showOutput.contains("reader.read.count = 42"), "\(showOutput)")
        let (instancesStatus, instancesOutput) = try await site.run(["instances", "napper"])
        #expect(instancesStatus == 0, "\(instancesOutput)")
        let (executionsStatus, executionsOutput) = try await site.run(["executions", "napper", "--json"])
        #expect(executionsStatus == 0, "\(executionsOutput)")
        #expect(executionsOutput.contains("COMPLETED"), "\(executionsOutput)")
    }

    /// Writes every context as a Java stream cut off after the map's class name, which no reader decodes.
    struct UndecodableContexts: ExecutionContextSerializer {
        func serialize(_ context: ExecutionContext) -> String { "rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcA==" }
        func deserialize(_ serialized: String) throws(ExecutionContextSerializationError) -> ExecutionContext {
            try JavaExecutionContextSerializer().deserialize(serialized)
        }
    }

    @Test("a job context no reader can decode: instances and executions still list, show names the problem")
    func listingWithAnUndecodableContext() async throws {
        let site = try await Site.make(sleep: 0)
        defer { site.cleanUp() }
        let (startStatus, startOutput) = try await site.run(["start", "napper", "n=1"])
        #expect(startStatus == 0, "\(startOutput)")
        var configuration = MetadataStoreConfiguration(
            location: .sqlite(path: site.directory.appendingPathComponent("db.sqlite").path))
        configuration.contextSerializer = UndecodableContexts()
        let store = try await MetadataStore.open(configuration)
        let execution = try #require(try await store.explorer.getJobExecution(id: 1, includingContexts: false))
        try await store.repository.updateExecutionContext(of: execution)
        await store.close()

        let (instancesStatus, instancesOutput) = try await site.run(["instances", "napper"])
        #expect(instancesStatus == 0, "\(instancesOutput)")
        let (executionsStatus, executionsOutput) = try await site.run(["executions", "napper"])
        #expect(executionsStatus == 0, "\(executionsOutput)")
        #expect(executionsOutput.contains("COMPLETED"), "\(executionsOutput)")
        let (showStatus, showOutput) = try await site.run(["show", "1"])
        #expect(showStatus == 0, "\(showOutput)")
        #expect(showOutput.contains("COMPLETED") && showOutput.contains("contexts: cannot be read"), "\(showOutput)")
    }

    /// Spring 5's JOB_KEY of `{day=new Date(1705314600123L), n="1"}` computed by a JVM in Europe/Berlin (JDK 17,
    /// `-Duser.timezone=Europe/Berlin`): `Date.toString()` gives `Mon Jan 15 11:30:00 CET 2024`.
    static let berlinJobKey = "5a87e7fe16c6d1cff542b47cc7f6d5da"

    @Test(
        "with BATCHWIRE_JOB_KEY_ZONE=Europe/Berlin a Date parameter gets the key a Berlin JVM computes (issue 15 item 2)"
    )
    func jobKeyZoneReachesTheStore() async throws {
        let site = try await Site.make(sleep: 0)
        defer { site.cleanUp() }
        var environment = site.environment
        environment["BATCHWIRE_JOB_KEY_ZONE"] = "Europe/Berlin"
        let (status, output) = try await site.binary.run(
            ["start", "napper", "n=1", "day(date)=2024-01-15T10:30:00.123Z"], environment: environment,
            in: site.directory)
        #expect(status == 0, "\(output)")
        let store = try await site.openStore()
        let instance = try #require(try await store.explorer.getJobInstance(id: 1))
        #expect(instance.jobKey == Self.berlinJobKey)
        await store.close()
    }

    /// `{lastRun=new Date(1705314600123L), cursor=<an application class>, count=3L}` as Spring 5 serializes it
    /// (made by the JDK program in `Tests/BatchwireCoreTests/SpringContextFixtures.swift`).
    static let springRestartContext =
        "rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcAUH2sHDFmDRAwACRgAKbG9hZEZhY3RvckkACXRocmVzaG9sZHhwP0AAAAAAAAx3CAAA"
        + "ABAAAAADdAAGY3Vyc29yc3IAHFNwcmluZ0NvbnRleHRGaXh0dXJlcyRDdXJzb3IAAAAAAAAABwIAA0oABmxhc3RJZEwAB2NvbHVt"
        + "bnN0ABBMamF2YS91dGlsL0xpc3Q7TAAFdGFibGV0ABJMamF2YS9sYW5nL1N0cmluZzt4cAAAAAAAABJnc3IAE2phdmEudXRpbC5B"
        + "cnJheUxpc3R4gdIdmcdhnQMAAUkABHNpemV4cAAAAAJ3BAAAAAJ0AAJpZHQAB2NyZWF0ZWR4dAAGb3JkZXJzdAAHbGFzdFJ1bnNy"
        + "AA5qYXZhLnV0aWwuRGF0ZWhqgQFLWXQZAwAAeHB3CAAAAY0Mq8S7eHQABWNvdW50c3IADmphdmEubGFuZy5Mb25nO4vkkMyPI98C"
        + "AAFKAAV2YWx1ZXhyABBqYXZhLmxhbmcuTnVtYmVyhqyVHQuU4IsCAAB4cAAAAAAAAAADeA=="

    @Test("restart hands Spring's values on, keeps the one it cannot read, and names its key and class")
    func restartCarriesSpringObjects() async throws {
        let site = try await Site.make(sleep: 30)
        defer { site.cleanUp() }
        let store = try await site.openStore()
        let runner = try site.spawn(["start", "napper", "n=1", "--wait"])
        try await eventually("the step to run") {
            try await store.explorer.getJobExecution(id: 1)?.stepExecutions.first?.status == .started
        }
        let (stopStatus, stopOutput) = try await site.run(["stop", "1", "--wait"])
        #expect(stopStatus == 0, "\(stopOutput)")
        _ = await exitStatus(of: runner)
        var step = try #require(try await store.explorer.getJobExecution(id: 1)?.stepExecutions.first)
        let springContext = try JavaExecutionContextSerializer().deserialize(Self.springRestartContext)
        step.executionContext = springContext
        try await store.repository.updateExecutionContext(of: step)

        let (restartStatus, restartOutput) = try await site.run(["restart", "1", "--wait"])
        #expect(restartStatus == 0, "\(restartOutput)")
        #expect(
            restartOutput.contains("cursor") && restartOutput.contains("SpringContextFixtures$Cursor"),
            "\(restartOutput)")
        let restarted = try #require(try await store.explorer.getJobExecution(id: 2))
        #expect(restarted.status == .completed)
        let context = try #require(restarted.stepExecutions.first?.executionContext)
        #expect(context["lastRun"] == springContext["lastRun"])
        #expect(context["cursor"] == springContext["cursor"])
        #expect(context.long(forKey: "count") == 3)
        await store.close()
    }
}
