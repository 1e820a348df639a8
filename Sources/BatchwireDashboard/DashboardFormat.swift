import BatchwireCore
import Foundation

/// How the dashboard writes times and durations, the same in the JSON and on the pages.
enum DashboardFormat {
    /// An instant as ISO 8601 in UTC with milliseconds (`2026-12-07T19:00:00.123Z`).
    static func instant(_ date: Date?) -> String? {
        date.map { $0.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)) }
    }

    /// A wall-clock time as the tables hold it (ISO local date-time, the store's zone).
    static func wallClock(_ time: LocalDateTime?) -> String? {
        time?.truncatedToMicroseconds.isoString
    }

    /// Milliseconds between two wall-clock times; `nil` unless both are known.
    static func milliseconds(_ start: LocalDateTime?, _ end: LocalDateTime?) -> Int64? {
        guard let start, let end else { return nil }
        let seconds = end.instant(offsetSeconds: 0).timeIntervalSince(start.instant(offsetSeconds: 0))
        return Int64((seconds * 1000).rounded())
    }

    /// `850ms`, `12.5s`, `3m20s`, `2h5m`; `-` when unknown.
    static func duration(milliseconds: Int64?) -> String {
        guard let milliseconds else { return "-" }
        if milliseconds < 1000 { return "\(milliseconds)ms" }
        let seconds = Double(milliseconds) / 1000
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let whole = Int(seconds)
        return whole < 3600 ? "\(whole / 60)m\(whole % 60)s" : "\(whole / 3600)h\(whole % 3600 / 60)m"
    }
}
