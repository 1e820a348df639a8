import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// CPU seconds of a process from `/proc/<pid>/stat`: its own threads plus the children it has waited for
/// (the step supervisor and `/bin/true` of command steps).
enum ProcessCPU {
    static let ticksPerSecond: Double = {
        let ticks = sysconf(Int32(_SC_CLK_TCK))
        return ticks > 0 ? Double(ticks) : 100
    }()

    /// `utime + stime + cutime + cstime` in seconds; `nil` if the process is gone.
    static func seconds(pid: Int32) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 14 else { return nil }
        let times = fields[11...14].compactMap { Double($0) }
        guard times.count == 4 else { return nil }
        return times.reduce(0, +) / ticksPerSecond
    }
}
