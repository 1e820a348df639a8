import BatchwireCore
import BatchwireStore

/// Parameters and helpers shared by the store tests.
enum Fixtures {
    /// The spec's worked example: `name`="foo", `run.id`=1, both identifying → `116e9dade2ca26007a4a2af4ae448aa7`.
    static let specParameters: JobParameters = [
        "name": JobParameter(.string("foo")),
        "run.id": JobParameter(.long(1)),
    ]
    static let specJobKey = "116e9dade2ca26007a4a2af4ae448aa7"
    /// The spec's empty context, Base64 of a Java-serialized empty HashMap.
    static let emptyContext =
        "rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcAUH2sHDFmDRAwACRgAKbG9hZEZhY3RvckkACXRocmVzaG9sZHhwP0AAAAAAAAB3CAAAABAAAAAAeA=="
    /// The spec's `{batch.version=5.2.6}`.
    static let versionContext =
        "rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcAUH2sHDFmDRAwACRgAKbG9hZEZhY3RvckkACXRocmVzaG9sZHhwP0AAAAAAAAx3CAAAABAAAAABdAANYmF0Y2gudmVyc2lvbnQABTUuMi42eA=="

    /// `{reader.lastRun=new Date(1705314600123L), reader.read.count=42L}` as Spring 5 serializes it (made by
    /// the JDK program in `Tests/BatchwireCoreTests/SpringContextFixtures.swift`).
    static let dateContext =
        "rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcAUH2sHDFmDRAwACRgAKbG9hZEZhY3RvckkACXRocmVzaG9sZHhwP0AAAAAAAAx3CAAA"
            + "ABAAAAACdAARcmVhZGVyLnJlYWQuY291bnRzcgAOamF2YS5sYW5nLkxvbmc7i+SQzI8j3wIAAUoABXZhbHVleHIAEGphdmEubGFu"
            + "Zy5OdW1iZXKGrJUdC5TgiwIAAHhwAAAAAAAAACp0AA5yZWFkZXIubGFzdFJ1bnNyAA5qYXZhLnV0aWwuRGF0ZWhqgQFLWXQZAwAA"
            + "eHB3CAAAAY0Mq8S7eHg="
    /// A Java serialization stream cut off after the map's class name: no reader can decode it.
    static let truncatedContext = "rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcA=="

    static func parameters(run: Int64) -> JobParameters {
        ["run.id": JobParameter(.long(run)), "note": JobParameter(.string("n"), identifying: false)]
    }
}

extension JobRepository {
    /// Moves an execution to an end state through the repository, as a finished launch would.
    func finish(_ execution: JobExecution, _ status: BatchStatus, exit: ExitStatus? = nil) async throws -> JobExecution {
        var execution = execution
        execution.status = .started
        execution.startTime = now()
        try await update(&execution)
        execution.status = status
        execution.exitStatus = exit ?? ExitStatus(status.name)
        execution.endTime = now()
        try await update(&execution)
        return execution
    }
}
