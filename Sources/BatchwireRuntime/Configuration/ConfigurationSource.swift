/// Where a setting's value came from, for error messages.
public enum ConfigurationSource: Sendable, Hashable {
    /// A command-line flag.
    case flag
    /// A `BATCHWIRE_*` environment variable.
    case environment
    /// A line of a configuration file.
    case file(path: String, line: Int)
}
