import Foundation
import SQLiteClient

/// Runs `body` with the path of a database file in a fresh temporary directory, and removes the
/// directory (the file, its `-wal` and `-shm`) afterwards, whether `body` throws or not.
func withTemporaryDatabase<T>(_ body: (String) async throws -> T) async throws -> T {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("sqliteclient-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try await body(directory.appendingPathComponent("test.sqlite").path)
}

/// Opens a connection to a temporary file, runs `body`, closes the connection and deletes the file.
func withTemporaryConnection<T>(
    configuration: SQLiteConfiguration = SQLiteConfiguration(),
    schema: String? = nil,
    _ body: (SQLiteConnection) async throws -> T
) async throws -> T {
    try await withTemporaryDatabase { path in
        let connection = try await SQLiteConnection(path: path, configuration: configuration)
        do {
            if let schema { try await connection.executeScript(schema) }
            let result = try await body(connection)
            await connection.close()
            return result
        } catch {
            await connection.close()
            throw error
        }
    }
}

struct Boom: Error {}
