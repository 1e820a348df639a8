import BenchmarkSupport
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the benchmark reads about its own process: resident memory and malloc's heap (the rest, CPU time, load
/// and pressure stalls, is `ProcStats` of BenchmarkSupport).
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

    /// What glibc's malloc holds: bytes handed out and still in use, and bytes it keeps free in its arenas
    /// (which count in RSS once touched, until trimmed). Read from `malloc_info`'s totals, found with `dlsym`
    /// because Swift's Glibc module does not import `malloc.h`; `nil` where that is not available.
    static func heap() -> (inUse: Int, free: Int)? {
        #if canImport(Glibc)
        typealias MallocInfo = @convention(c) (Int32, UnsafeMutablePointer<FILE>?) -> Int32
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "malloc_info") else { return nil }
        var buffer: UnsafeMutablePointer<CChar>?
        var length = 0
        guard let stream = open_memstream(&buffer, &length) else { return nil }
        _ = unsafeBitCast(symbol, to: MallocInfo.self)(0, stream)
        fclose(stream)
        guard let buffer else { return nil }
        defer { free(buffer) }
        // The closing totals: <total type="fast|rest|mmap" count=".." size=".."/>, <system type="current" size=".."/>.
        var totals: [String: Int] = [:]
        for line in String(cString: buffer).split(separator: "\n").suffix(8) {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\"" || $0 == "=" || $0 == "/" || $0 == ">" })
            guard fields.count >= 3, let type = fields.firstIndex(of: "type"), type + 1 < fields.count,
                let size = fields.firstIndex(of: "size"), size + 1 < fields.count, let value = Int(fields[size + 1])
            else { continue }
            totals["\(fields[0]) \(fields[type + 1])"] = value
        }
        guard let system = totals["<system current"], let fast = totals["<total fast"],
            let rest = totals["<total rest"], let mmapped = totals["<total mmap"]
        else { return nil }
        return (system - fast - rest + mmapped, fast + rest)
        #else
        return nil
        #endif
    }

    /// `RSS 123.4 MiB (heap in use 100.1 MiB, free in arenas 3.2 MiB)`.
    static func memoryText() -> String {
        let rss = "RSS \(ProcStats.mebibytes(residentBytes()))"
        guard let heap = heap() else { return rss }
        return rss + " (heap in use \(ProcStats.mebibytes(heap.inUse)), free in arenas \(ProcStats.mebibytes(heap.free)))"
    }
}

/// CPU time over a stretch of wall time, and how much of that time the machine's other work made tasks
/// wait for a CPU or for I/O.
struct CPUWindow {
    struct Figures {
        let wall: Double
        let cpu: Double
        /// The share of the window in which some task waited for a CPU (PSI `some`), if known.
        let cpuPressure: Double?
        /// The share of the window in which some task waited for I/O (PSI `some`), if known.
        let ioPressure: Double?

        /// `CPU pressure 12.3%, I/O pressure 4.5%` (PSI `some`), or `no PSI`.
        var pressureText: String {
            guard let cpuPressure, let ioPressure else { return "no PSI" }
            return String(format: "CPU pressure %.1f%%, I/O pressure %.1f%%", cpuPressure * 100, ioPressure * 100)
        }
    }

    private let clock = ContinuousClock()
    private let startedAt: ContinuousClock.Instant
    private let startCPU: Double
    private let startCPUStall = ProcStats.stallMicroseconds("cpu")
    private let startIOStall = ProcStats.stallMicroseconds("io")

    init() {
        startedAt = clock.now
        startCPU = ProcStats.ownCPUSeconds()
    }

    /// The figures since the window opened.
    func close() -> Figures {
        let wall = (clock.now - startedAt).seconds
        func share(_ start: Double?, _ resource: String) -> Double? {
            guard let start, let end = ProcStats.stallMicroseconds(resource), wall > 0 else { return nil }
            return (end - start) / 1e6 / wall
        }
        return Figures(
            wall: wall, cpu: ProcStats.ownCPUSeconds() - startCPU, cpuPressure: share(startCPUStall, "cpu"),
            ioPressure: share(startIOStall, "io"))
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let (whole, atto) = components
        return Double(whole) + Double(atto) / 1e18
    }
}
