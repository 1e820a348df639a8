import Foundation

/// What to run, from the command line:
///
///     LaunchBenchmark [--scenario a|b|t|all] [--store mysql|sqlite|all] [--step noop|true|all]
///                     [--jobs N] [--every-jobs N] [--window SECONDS] [--lead SECONDS] [--timeout SECONDS]
///                     [--batchwire PATH] [--mariadb-pid-file PATH] [--work-dir PATH] [--log-level LEVEL]
///                     [--label TEXT] [--keep]
///
/// Every flag takes its value as the next argument or after `=` (`--jobs=500`).
struct BenchmarkOptions: Sendable {
    /// The two load shapes; see ``OnceScenario`` and ``EveryScenario``.
    enum Scenario: String, CaseIterable, Sendable {
        /// (a) many jobs due once; (b) many jobs every second; (t) runs started by MQTT trigger messages.
        case a, b, t
    }

    /// Where serve keeps its metadata.
    enum Store: String, CaseIterable, Sendable {
        case mysql, sqlite
    }

    /// What each job's single step is.
    enum StepKind: String, CaseIterable, Sendable {
        /// `noop: {}` (a step kind that may not exist in the binary under test).
        case noop
        /// `command: [/bin/true]`.
        case binTrue = "true"
    }

    var scenarios: [Scenario] = [.a, .b]
    var stores: [Store] = Store.allCases
    var steps: [StepKind] = StepKind.allCases
    /// Scenario (a): how many jobs, each due once at the same instant.
    var jobs = 1000
    /// Scenario (b): how many `every: 1s` jobs.
    var everyJobs = 2000
    /// Scenario (b): the measuring window, in seconds.
    var windowSeconds = 30
    /// Seconds from serve's start to the due instant (a) or the window's start (b), so that startup and
    /// job loading are over when the load begins.
    var leadSeconds = 20
    /// Scenario (a): how long to wait after the due instant for every run to end.
    var timeoutSeconds = 120
    /// How long serve may take to exit after SIGTERM before it is killed.
    var stopTimeoutSeconds = 300
    /// The `batchwire` binary under test.
    var batchwirePath: String
    /// The pid file of the MariaDB under test, for its CPU time.
    var mariadbPidFile: String
    /// Where each case's job files, database and logs go (a fresh folder inside it).
    var workDirectory: String
    /// serve's `--log-level`.
    var logLevel = "info"
    /// A free text printed in the header (before/after runs).
    var label: String?
    /// Keep the work folder (it is always kept when a case fails).
    var keep = false

    struct UsageError: Error, CustomStringConvertible {
        let message: String
        var description: String { "\(message)\n\(BenchmarkOptions.usage)" }
    }

    static let usage = """
        usage: LaunchBenchmark [--scenario a|b|t|all] [--store mysql|sqlite|all] [--step noop|true|all]
                               [--jobs N] [--every-jobs N] [--window SECONDS] [--lead SECONDS] [--timeout SECONDS]
                               [--stop-timeout SECONDS] [--batchwire PATH] [--mariadb-pid-file PATH]
                               [--work-dir PATH] [--log-level LEVEL] [--label TEXT] [--keep]
        MariaDB: the BATCHWIRE_TEST_MYSQL_* variables (source "$(scripts/services.sh env)" or a private
        scripts/mariadb.sh's env.sh); see docs/operations.md, "Launch benchmark". Scenario t (MQTT triggers)
        also needs the broker: the BATCHWIRE_TEST_MQTT_* variables of scripts/services.sh; --jobs is its burst size.
        """

    /// Whether the arguments asked for the usage text.
    static func wantsHelp(_ arguments: [String]) -> Bool {
        arguments.contains("--help") || arguments.contains("-h")
    }

    init(arguments: [String], environment: [String: String]) throws {
        batchwirePath = Self.siblingBinary()
        let services = environment["BATCHWIRE_SERVICES_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp/batchwire-services"
        mariadbPidFile = services + "/mariadb/mariadbd.pid"
        workDirectory = NSTemporaryDirectory()

        var rest = arguments[...]
        while let argument = rest.popFirst() {
            guard argument.hasPrefix("--") else { throw UsageError(message: "unexpected argument \"\(argument)\"") }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            if name == "--keep" {
                keep = true
                continue
            }
            guard let value = inlineValue ?? rest.popFirst() else { throw UsageError(message: "\(name) needs a value") }
            switch name {
            case "--scenario": scenarios = try Self.choice(value, name)
            case "--store": stores = try Self.choice(value, name)
            case "--step": steps = try Self.choice(value, name)
            case "--jobs": jobs = try Self.positive(value, name)
            case "--every-jobs": everyJobs = try Self.positive(value, name)
            case "--window": windowSeconds = try Self.positive(value, name)
            case "--lead": leadSeconds = try Self.positive(value, name)
            case "--timeout": timeoutSeconds = try Self.positive(value, name)
            case "--stop-timeout": stopTimeoutSeconds = try Self.positive(value, name)
            case "--batchwire": batchwirePath = value
            case "--mariadb-pid-file": mariadbPidFile = value
            case "--work-dir": workDirectory = value
            case "--log-level": logLevel = value
            case "--label": label = value
            default: throw UsageError(message: "unknown flag \(name)")
            }
        }
        if windowSeconds < 10 { throw UsageError(message: "--window must be at least 10 (two 5 s buckets)") }
        if leadSeconds < 5 { throw UsageError(message: "--lead must be at least 5") }
    }

    /// `all` or one case of `T`.
    private static func choice<T: RawRepresentable & CaseIterable>(_ value: String, _ name: String) throws -> [T]
    where T.RawValue == String {
        if value == "all" { return Array(T.allCases) }
        guard let one = T(rawValue: value) else {
            let names = T.allCases.map(\.rawValue).joined(separator: "|")
            throw UsageError(message: "\(name) must be \(names) or all, not \"\(value)\"")
        }
        return [one]
    }

    private static func positive(_ value: String, _ name: String) throws -> Int {
        guard let number = Int(value.replacingOccurrences(of: "_", with: "")), number > 0 else {
            throw UsageError(message: "\(name) must be a positive whole number, not \"\(value)\"")
        }
        return number
    }

    /// `batchwire` in the folder of this executable (`swift build -c release --show-bin-path`).
    private static func siblingBinary() -> String {
        let own = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
        return URL(fileURLWithPath: own).deletingLastPathComponent().appendingPathComponent("batchwire").path
    }
}
