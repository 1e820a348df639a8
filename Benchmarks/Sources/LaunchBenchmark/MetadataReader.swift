import Foundation

/// Reads the metadata tables serve wrote, whatever the database: every value as text (`NULL` as `nil`),
/// timestamps as `yyyy-MM-dd HH:mm:ss.ffffff` UTC.
protocol MetadataReader: Sendable {
    /// The rows of a query; the SQL must be valid on both MySQL and SQLite.
    func rows(_ sql: String) async throws -> [[String?]]
}

/// An SQLite file read with the `sqlite3` command-line shell (the benchmark links no SQLite of its own).
struct SQLiteReader: MetadataReader {
    /// The database file.
    let path: String
    /// Where the shell's output files go.
    let scratch: URL

    struct QueryError: Error, CustomStringConvertible {
        let message: String
        var description: String { "sqlite3: \(message)" }
    }

    private static let fieldSeparator = "\u{1F}"
    private static let rowSeparator = "\u{1E}"
    private static let nullMarker = "\u{1A}NULL"

    func rows(_ sql: String) async throws -> [[String?]] {
        let result = try await Subprocess.run(
            "/usr/bin/env",
            [
                "sqlite3", "-batch", "-noheader", "-cmd", ".timeout 10000", "-separator", Self.fieldSeparator,
                "-newline", Self.rowSeparator, "-nullvalue", Self.nullMarker, path, sql,
            ],
            scratch: scratch)
        guard result.status == 0 else { throw QueryError(message: result.firstMessageLine) }
        return result.output.components(separatedBy: Self.rowSeparator)
            .filter { !$0.isEmpty && $0 != "\n" }
            .map { line in
                line.components(separatedBy: Self.fieldSeparator).map { $0 == Self.nullMarker ? nil : $0 }
            }
    }
}
