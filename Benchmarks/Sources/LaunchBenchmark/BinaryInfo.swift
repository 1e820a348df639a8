import BenchmarkSupport
import Foundation

/// A line about the binary under test, so that before/after reports say which build they measured.
enum BinaryInfo {
    /// `12.3 MiB, modified 2026-01-15T10:30:00Z`.
    static func describe(_ path: String) -> String {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return "unreadable" }
        let size = (attributes[.size] as? NSNumber)?.intValue
        let modified = (attributes[.modificationDate] as? Date).map(UTCText.iso) ?? "?"
        return "\(ProcStats.mebibytes(size)), modified \(modified)"
    }
}
