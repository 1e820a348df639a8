/// How job parameters appear in event payloads: an array, in launch order, of
/// `{"name", "type", "value", "identifying"}` where `type` is Spring's Java class name
/// (`java.lang.Long`, `java.time.LocalDate`, …) and `value` the text Spring 5 stores in
/// `BATCH_JOB_EXECUTION_PARAMS.PARAMETER_VALUE`.
enum EventParameters {
    struct Entry: Codable {
        var name: String
        var type: String
        var value: String
        var identifying: Bool
    }

    static func entries(_ parameters: JobParameters) -> [Entry] {
        parameters.map { name, parameter in
            Entry(
                name: name, type: parameter.databaseType, value: parameter.databaseValue,
                identifying: parameter.isIdentifying)
        }
    }

    static func parameters(_ entries: [Entry]) throws -> JobParameters {
        var parameters = JobParameters()
        for entry in entries {
            guard let kind = JobParameter.Kind(javaClassName: entry.type) else {
                throw DecodingError.dataCorrupted(
                    DecodingError.Context(
                        codingPath: [],
                        debugDescription: "parameter '\(entry.name)' has unknown type '\(entry.type)'; expected one of "
                            + JobParameter.Kind.allCases.map(\.javaClassName).joined(separator: ", ")))
            }
            do {
                let value = try JobParameter.Value(parsing: entry.value, as: kind, name: entry.name)
                parameters[entry.name] = JobParameter(value, identifying: entry.identifying)
            } catch {
                throw DecodingError.dataCorrupted(
                    DecodingError.Context(codingPath: [], debugDescription: error.description, underlyingError: error))
            }
        }
        return parameters
    }
}
