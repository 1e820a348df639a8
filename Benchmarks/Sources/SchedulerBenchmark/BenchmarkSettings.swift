/// What to run: the sizes and how long each measuring window lasts, from the command line.
///
///     SchedulerBenchmark [size ...] [--idle=SECONDS] [--fast=SECONDS] [--db-dir=PATH] [--in-process]
///
/// The SQLite file goes in a fresh folder under `--db-dir` (the system's temporary folder by default):
/// every claim is a durable commit, so the disk's `fdatasync` latency is part of each fire's lateness.
///
/// Each size runs in a child process of its own (so its memory and CPU figures start clean) unless
/// `--in-process` is given or only one size is asked for.
struct BenchmarkSettings {
    var sizes: [Int] = []
    /// The idle window: only the rare schedules are active.
    var idleSeconds = 30.0
    /// The busy window: the `every: 1s` schedule runs too. 105 s gives about 104 fires, enough for the
    /// 99th percentile to be more than the maximum (nearest rank).
    var fastSeconds = 105.0
    /// Where each size's database folder is made.
    var databaseDirectory: String?
    var inProcess = false

    struct UsageError: Error, CustomStringConvertible {
        let argument: String
        var description: String {
            "unknown argument \"\(argument)\"; usage: SchedulerBenchmark [size ...] [--idle=SECONDS] "
                + "[--fast=SECONDS] [--db-dir=PATH] [--in-process], e.g. SchedulerBenchmark 10000 100000"
        }
    }

    init(arguments: [String]) throws {
        for argument in arguments {
            if let size = Int(argument.replacingOccurrences(of: "_", with: "")), size >= 0 {
                sizes.append(size)
            } else if argument.hasPrefix("--idle="), let value = Double(argument.dropFirst(7)), value > 0 {
                idleSeconds = value
            } else if argument.hasPrefix("--fast="), let value = Double(argument.dropFirst(7)), value > 0 {
                fastSeconds = value
            } else if argument.hasPrefix("--db-dir="), argument.count > 9 {
                databaseDirectory = String(argument.dropFirst(9))
            } else if argument == "--in-process" {
                inProcess = true
            } else {
                throw UsageError(argument: argument)
            }
        }
        if sizes.isEmpty { sizes = [10_000, 100_000] }
    }

    /// The arguments a child process gets to run `size` alone.
    func childArguments(size: Int) -> [String] {
        [String(size), "--idle=\(idleSeconds)", "--fast=\(fastSeconds)", "--in-process"]
            + (databaseDirectory.map { ["--db-dir=\($0)"] } ?? [])
    }
}
