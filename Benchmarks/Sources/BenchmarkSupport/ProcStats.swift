import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What Linux's procfs and `getrusage` tell about a process and the machine: CPU time, peak memory, command
/// line, load and pressure stalls.
public enum ProcStats {
    /// CPU seconds of a process: its own threads, and its children it has waited for (serve's steps).
    public struct CPUTimes: Sendable {
        /// `utime + stime`, in seconds.
        public var own: Double
        /// `cutime + cstime`, in seconds.
        public var children: Double

        /// Both together.
        public var total: Double { own + children }

        public static func - (lhs: CPUTimes, rhs: CPUTimes) -> CPUTimes {
            CPUTimes(own: lhs.own - rhs.own, children: lhs.children - rhs.children)
        }
    }

    /// Clock ticks per second of `/proc/<pid>/stat`'s times.
    public static let ticksPerSecond: Double = {
        let ticks = sysconf(Int32(_SC_CLK_TCK))
        return ticks > 0 ? Double(ticks) : 100
    }()

    /// `utime + stime` and `cutime + cstime` of `/proc/<pid>/stat`; `nil` if the process is gone.
    public static func cpu(pid: Int32) -> CPUTimes? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        // After "pid (comm)" the fields start at field 3 (state); utime is field 14.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 14, let utime = Double(fields[11]), let stime = Double(fields[12]),
            let cutime = Double(fields[13]), let cstime = Double(fields[14])
        else { return nil }
        return CPUTimes(own: (utime + stime) / ticksPerSecond, children: (cutime + cstime) / ticksPerSecond)
    }

    /// The peak resident set size in bytes (`VmHWM` of `/proc/<pid>/status`).
    public static func peakResidentBytes(pid: Int32) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2, let kilobytes = Int(fields[1]) else { return nil }
            return kilobytes * 1024
        }
        return nil
    }

    /// The arguments of a running process (`/proc/<pid>/cmdline`).
    public static func commandLine(pid: Int32) -> [String]? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"), !data.isEmpty else { return nil }
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The 1, 5 and 15 minute load averages as `/proc/loadavg` shows them.
    public static func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "n/a" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// The total microseconds in which some task waited for `resource` (`cpu` or `io`), from Linux's pressure
    /// stall information (`/proc/pressure/<resource>`, the `some … total=` field): how much the machine's other
    /// work got in the way; `nil` without PSI.
    public static func stallMicroseconds(_ resource: String = "cpu") -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/pressure/\(resource)", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("some ") {
            for field in line.split(separator: " ") where field.hasPrefix("total=") {
                return Double(field.dropFirst(6))
            }
        }
        return nil
    }

    /// User plus system CPU time of every thread of this process so far, in seconds (`getrusage`).
    public static func ownCPUSeconds() -> Double {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// `bytes` in mebibytes with one decimal.
    public static func mebibytes(_ bytes: Int?) -> String {
        guard let bytes else { return "n/a" }
        return String(format: "%.1f MiB", Double(bytes) / 1_048_576)
    }
}
