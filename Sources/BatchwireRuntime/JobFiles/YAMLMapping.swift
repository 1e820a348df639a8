import Yams

/// Typed, located access to one YAML mapping of a job file, with unknown keys reported.
///
/// Every getter throws a ``JobFileError`` that points at the offending node, so a wrong type or a
/// misspelt key is reported with its line and column instead of being silently ignored.
struct YAMLMapping {
    let file: String
    let node: Node
    private let mapping: Node.Mapping

    init(_ node: Node, file: String, what: String) throws {
        guard let mapping = node.mapping else {
            throw JobFileError(Self.location(of: node, in: file), "\(what) must be a mapping of keys to values")
        }
        self.file = file
        self.node = node
        self.mapping = mapping
    }

    static func location(of node: Node, in file: String) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    var location: SourceLocation { Self.location(of: node, in: file) }

    func location(of key: String) -> SourceLocation {
        mapping.first { $0.key.string == key }.map { Self.location(of: $0.key, in: file) } ?? location
    }

    /// Reports the first key not in `allowed`, suggesting the allowed ones.
    func rejectUnknownKeys(_ allowed: [String], in what: String) throws {
        for (key, _) in mapping {
            guard let name = key.string, allowed.contains(name) else {
                let shown = key.string ?? "\(key)"
                throw JobFileError(
                    Self.location(of: key, in: file),
                    "unknown key \"\(shown)\" in \(what); allowed: \(allowed.joined(separator: ", "))"
                )
            }
        }
    }

    func value(_ key: String) -> Node? { mapping[key] }

    func string(_ key: String) throws -> String? {
        guard let node = mapping[key] else { return nil }
        guard node.scalar != nil, let text = node.string else {
            throw JobFileError(Self.location(of: node, in: file), "\"\(key)\" must be text")
        }
        return text
    }

    func requiredString(_ key: String, in what: String) throws -> String {
        guard let text = try string(key), !text.isEmpty else {
            throw JobFileError(location, "\(what) needs \"\(key)\"")
        }
        return text
    }

    func bool(_ key: String) throws -> Bool? {
        guard let node = mapping[key] else { return nil }
        guard let flag = node.bool else {
            throw JobFileError(Self.location(of: node, in: file), "\"\(key)\" must be true or false")
        }
        return flag
    }

    func int(_ key: String, atLeast minimum: Int) throws -> Int? {
        guard let node = mapping[key] else { return nil }
        guard let number = node.int, number >= minimum else {
            throw JobFileError(Self.location(of: node, in: file), "\"\(key)\" must be a whole number, at least \(minimum)")
        }
        return number
    }

    func sequence(_ key: String) throws -> [Node] {
        guard let node = mapping[key] else { return [] }
        guard let items = node.sequence else {
            throw JobFileError(Self.location(of: node, in: file), "\"\(key)\" must be a list")
        }
        return Array(items)
    }

    func enumeration<Value: RawRepresentable & CaseIterable>(_ key: String, as type: Value.Type) throws -> Value?
    where Value.RawValue == String {
        guard let text = try string(key) else { return nil }
        guard let value = Value(rawValue: text) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw JobFileError(location(of: key), "\"\(key)\" is \"\(text)\"; use one of: \(allowed)")
        }
        return value
    }

    func stringMap(_ key: String) throws -> [String: String] {
        guard let node = mapping[key] else { return [:] }
        guard let entries = node.mapping else {
            throw JobFileError(Self.location(of: node, in: file), "\"\(key)\" must be a mapping of names to text")
        }
        var result: [String: String] = [:]
        for (name, value) in entries {
            guard let name = name.string, let text = value.string else {
                throw JobFileError(Self.location(of: value, in: file), "\"\(key)\" values must be text")
            }
            result[name] = text
        }
        return result
    }
}
