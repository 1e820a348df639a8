import Foundation
import Yams

/// A configuration file: YAML whose keys are exactly the ``ConfigurationKey`` names, each with one
/// value (a list is also accepted for `listeners`):
///
/// ```yaml
/// database-url: mysql://batchwire:secret@db.internal:3306/batchwire
/// lease-seconds: 30
/// listeners: [logging, openlineage-http]
/// ```
///
/// Named with `--config <path>` or `BATCHWIRE_CONFIG`. Its values rank below the environment and
/// flags and above the defaults. An empty value (`key:` or `key: ~`) leaves the setting unset;
/// `listeners: []` asks for no listeners. Paths in
/// values are taken relative to the working directory, like those given in flags.
public struct ConfigurationFile: Sendable, Equatable {
    /// The environment variable that names the file when no `--config` flag does.
    public static let environmentVariable = "BATCHWIRE_CONFIG"
    /// The flag that names the file.
    public static let flag = "--config"

    /// One setting in the file.
    public struct Entry: Sendable, Equatable {
        /// The setting.
        public let key: ConfigurationKey
        /// Its value as text (a list for `listeners` joined with commas; empty for an empty list).
        public let value: String
        /// The line of its key, from 1.
        public let line: Int
    }

    /// The file's path as given.
    public let path: String
    /// The settings the file gives a value, in file order.
    public let entries: [Entry]

    /// Reads and checks a configuration file.
    ///
    /// - Parameter path: the file, as given with `--config` or `BATCHWIRE_CONFIG`.
    /// - Throws: ``ConfigurationFileError``: the file is missing or unreadable, is not a YAML
    ///   mapping, or has a key that is not a setting, twice, or with a list or mapping for a value.
    public init(contentsOf path: String) throws(ConfigurationFileError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConfigurationFileError(
                code: .notFound,
                path: path,
                message: "no such configuration file (named by \(Self.flag) or \(Self.environmentVariable)); "
                    + "fix the path, or name no file to use only the environment and flags"
            )
        }
        guard !isDirectory.boolValue else {
            throw ConfigurationFileError(
                code: .unreadable,
                path: path,
                message: "is a folder; name the YAML configuration file in it"
            )
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationFileError(
                code: .unreadable,
                path: path,
                message: "cannot be read as UTF-8 text; check that it is a YAML file this user may read"
            )
        }
        try self.init(yaml: text, path: path)
    }

    /// Parses and checks the text of a configuration file.
    ///
    /// - Parameters:
    ///   - yaml: the file's text.
    ///   - path: the file's path, for error messages.
    /// - Throws: ``ConfigurationFileError`` as ``init(contentsOf:)`` does, except for reading.
    public init(yaml: String, path: String) throws(ConfigurationFileError) {
        self.path = path
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw Self.syntaxError(error, path: path, yaml: yaml)
        }
        guard let root else {
            entries = []
            return
        }
        guard let mapping = root.mapping else {
            throw ConfigurationFileError(
                code: .notAMapping,
                path: path,
                line: root.mark?.line,
                message: "must be a mapping of setting names to values, e.g. `lease-seconds: 30`"
            )
        }
        var entries: [Entry] = []
        var seen: Set<ConfigurationKey> = []
        for (keyNode, valueNode) in mapping {
            let line = keyNode.mark?.line ?? 1
            let name = keyNode.string ?? ""
            guard let key = ConfigurationKey(rawValue: name) else {
                throw Self.unknownKey(name, path: path, line: line)
            }
            guard seen.insert(key).inserted else {
                throw ConfigurationFileError(
                    code: .duplicateKey,
                    path: path,
                    line: line,
                    key: name,
                    message: "given twice; keep one"
                )
            }
            guard let value = try Self.value(of: valueNode, for: key, path: path, line: line) else { continue }
            entries.append(Entry(key: key, value: value, line: line))
        }
        self.entries = entries
    }

    /// The value as text; `nil` for an empty value.
    private static func value(
        of node: Node,
        for key: ConfigurationKey,
        path: String,
        line: Int
    ) throws(ConfigurationFileError) -> String? {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain, node.null != nil { return nil }
            return scalar.string.isEmpty ? nil : scalar.string
        case .sequence(let items) where key == .listeners:
            var names: [String] = []
            for item in items {
                guard case .scalar(let scalar) = item else {
                    throw notASingleValue(key, path: path, line: item.mark?.line ?? line, expected: "a listener name")
                }
                names.append(scalar.string)
            }
            return names.joined(separator: ",")
        default:
            let expected = key == .listeners ? "a name, a comma-separated list or a YAML list of names" : "one value"
            throw notASingleValue(key, path: path, line: line, expected: expected)
        }
    }

    private static func notASingleValue(
        _ key: ConfigurationKey,
        path: String,
        line: Int,
        expected: String
    ) -> ConfigurationFileError {
        ConfigurationFileError(
            code: .notASingleValue,
            path: path,
            line: line,
            key: key.rawValue,
            message: "expected \(expected)"
        )
    }

    private static func unknownKey(_ name: String, path: String, line: Int) -> ConfigurationFileError {
        let names = ConfigurationKey.allCases.map(\.rawValue)
        let hint = JobNameSuggestions.closest(to: name, among: names, limit: 1).first.map { "did you mean \($0)? " }
        return ConfigurationFileError(
            code: .unknownKey,
            path: path,
            line: line,
            key: name,
            message: "not a setting; \(hint ?? "")the settings are: \(names.joined(separator: ", "))"
        )
    }

    /// Locates a Yams error without repeating the file's text (which may hold a secret).
    private static func syntaxError(_ error: any Error, path: String, yaml: String) -> ConfigurationFileError {
        let fix = "fix the YAML (one `setting: value` per line)"
        switch error as? YamlError {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return ConfigurationFileError(
                code: .invalidYAML,
                path: path,
                line: mark.line,
                message: "invalid YAML: \(problem); \(fix)"
            )
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams points at the mapping; point at the second occurrence of the key instead.
            let key = duplicates.first
            let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            let occurrences = lines.filter { key != nil && $0.element.hasPrefix("\(key ?? ""):") }.map { $0.offset + 1 }
            return ConfigurationFileError(
                code: .duplicateKey,
                path: path,
                line: occurrences.dropFirst().first ?? context.mark.line,
                key: key,
                message: "given twice; keep one"
            )
        default:
            return ConfigurationFileError(code: .invalidYAML, path: path, message: "invalid YAML; \(fix)")
        }
    }
}
