/// A configuration file that cannot be used: missing, not YAML, not a mapping, or with a key that is
/// not a setting. (A bad value for a known setting is a ``ConfigurationError`` located in the file.)
public struct ConfigurationFileError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem, for code that matches on it.
    public enum Code: Sendable, Hashable {
        /// No file at the path given with `--config` or `BATCHWIRE_CONFIG`.
        case notFound
        /// The file exists but cannot be read as UTF-8 text.
        case unreadable
        /// The YAML is malformed.
        case invalidYAML
        /// The top level is not a mapping of keys to values.
        case notAMapping
        /// A key that is not a ``ConfigurationKey``.
        case unknownKey
        /// A key given twice.
        case duplicateKey
        /// A value that is a list or a mapping where one value is expected.
        case notASingleValue
    }

    /// What kind of problem.
    public let code: Code
    /// The file's path as given.
    public let path: String
    /// The line at fault, from 1, when there is one.
    public let line: Int?
    /// The key at fault, as written in the file, when there is one.
    public let key: String?
    /// What is wrong and what to do. Never contains a value from the file.
    public let message: String

    /// - Parameters:
    ///   - code: what kind of problem.
    ///   - path: the file's path as given.
    ///   - line: the line at fault, from 1.
    ///   - key: the key at fault, as written.
    ///   - message: what is wrong and what to do; never a value from the file.
    public init(code: Code, path: String, line: Int? = nil, key: String? = nil, message: String) {
        self.code = code
        self.path = path
        self.line = line
        self.key = key
        self.message = message
    }

    /// `batchwire.yaml:4: listner: unknown setting; …`.
    public var description: String {
        let place = line.map { "\(path):\($0)" } ?? path
        return key.map { "\(place): \($0): \(message)" } ?? "\(place): \(message)"
    }
}
