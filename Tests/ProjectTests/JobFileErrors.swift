import BatchwireRuntime

/// The ``JobFileError`` a fresh `JobFileParser` throws for `yaml` read as `file`, or `nil` when it parses (or
/// throws something else).
func jobFileError(_ yaml: String, file: String = "jobs/broken.yaml") -> JobFileError? {
    do {
        _ = try JobFileParser().parse(yaml, file: file)
        return nil
    } catch {
        return error as? JobFileError
    }
}
