// SchedulerBenchmark: a real Scheduler on ContinuousClock over an SQLite store with N rarely firing
// schedules plus one `every: 1s` schedule. Prints startup time, registry build time, RSS, idle CPU and
// the fast schedule's fire lateness for each size. Run with `swift run -c release SchedulerBenchmark`
// (sizes 10,000 and 100,000 by default; see BenchmarkSettings for the options).
import Foundation

let settings: BenchmarkSettings
do {
    settings = try BenchmarkSettings(arguments: Array(CommandLine.arguments.dropFirst()))
} catch {
    print("\(error)")
    exit(2)
}

if settings.sizes.count > 1 && !settings.inProcess {
    // One child process per size, so each starts with a clean heap.
    let executable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
    var failed = false
    for size in settings.sizes {
        let child = Process()
        child.executableURL = executable
        child.arguments = settings.childArguments(size: size)
        do {
            try child.run()
            child.waitUntilExit()
            if child.terminationStatus != 0 { failed = true }
        } catch {
            print("could not start \(executable.path) for size \(size): \(error)")
            failed = true
        }
    }
    exit(failed ? 1 : 0)
}

var failed = false
for size in settings.sizes {
    do {
        let report = try await SizeRun.run(size: size, settings: settings)
        print(report.summary)
    } catch {
        print("size \(size) FAILED: \(error)")
        failed = true
    }
}
exit(failed ? 1 : 0)
