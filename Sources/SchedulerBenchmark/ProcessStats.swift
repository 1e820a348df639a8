import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
/// Glibc imports `RUSAGE_SELF` as an enum case; `getrusage` wants its raw value.
private let rusageSelf = __rusage_who_t(RUSAGE_SELF.rawValue)
#else
private let rusageSelf = RUSAGE_SELF
#endif

/// What the benchmark reads about its own process and the machine: resident memory, CPU time, load.
enum ProcessStats {
    /// The resident set size in bytes (`VmRSS` of `/proc/self/status`); `nil` where there is no procfs.
    static func residentBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2, let kilobytes = Int(fields[1]) else { return nil }
            return kilobytes * 1024
        }
        return nil
    }

    /// User plus system CPU time of every thread of the process so far, in seconds (`getrusage`).
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(rusageSelf, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// The 1, 5 and 15 minute load averages as `/proc/loadavg` shows them.
    static func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "n/a" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// `bytes` in mebibytes with one decimal.
    static func mebibytes(_ bytes: Int?) -> String {
        guard let bytes else { return "n/a" }
        return String(format: "%.1f MiB", Double(bytes) / 1_048_576)
    }
}

/// CPU time over a stretch of wall time.
struct CPUWindow {
    private let clock = ContinuousClock()
    private let startedAt: ContinuousClock.Instant
    private let startCPU: Double

    init() {
        startedAt = clock.now
        startCPU = ProcessStats.cpuSeconds()
    }

    /// Wall seconds and CPU seconds since the window opened.
    func close() -> (wall: Double, cpu: Double) {
        let wall = (clock.now - startedAt).seconds
        return (wall, ProcessStats.cpuSeconds() - startCPU)
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let (whole, atto) = components
        return Double(whole) + Double(atto) / 1e18
    }
}
