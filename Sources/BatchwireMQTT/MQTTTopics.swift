/// The topic names of `shared/DESIGN.md`, under a configurable prefix (default `batchwire`):
///
/// | topic | content | QoS / retain |
/// | --- | --- | --- |
/// | `<prefix>/events/<job>` | every ``BatchwireEvent`` of the job | 1 |
/// | `<prefix>/status/<job>` | the job's latest ``JobStatusChangedEvent`` | 1, retained |
/// | `<prefix>/lineage/<job>` | OpenLineage RunEvents | 1 |
/// | `<prefix>/commands/<verb>` | commands (`start`, `stop`, …) | 1, shared subscription |
/// | `<prefix>/nodes/<node>` | a node's online / offline state | 1, retained |
///
/// Job and node names are escaped into one topic level (see ``escapeLevel(_:)``), so a name with
/// `/`, `+` or `#` can neither split the topic nor act as a wildcard.
public struct MQTTTopics: Sendable, Hashable {
    /// The prefix used when none is configured.
    public static let defaultPrefix = "batchwire"

    /// The first level(s) of every topic.
    public let prefix: String

    /// Topics under `prefix`.
    ///
    /// - Parameter prefix: one or more levels (`batchwire`, `acme/prod/batchwire`).
    /// - Throws: ``MQTTTopicError`` if the prefix is empty, has an empty level, a wildcard (`+`, `#`),
    ///   a NUL character, or starts with `$` (reserved for the broker).
    public init(prefix: String = MQTTTopics.defaultPrefix) throws(MQTTTopicError) {
        guard !prefix.isEmpty else {
            throw MQTTTopicError("the topic prefix is empty; use e.g. 'batchwire'")
        }
        guard !prefix.contains(where: { $0 == "+" || $0 == "#" || $0 == "\u{0}" }) else {
            throw MQTTTopicError("the topic prefix '\(prefix)' contains '+', '#' or NUL; use letters, digits, '-', '_'")
        }
        guard !prefix.hasPrefix("$") else {
            throw MQTTTopicError("the topic prefix '\(prefix)' starts with '$', which brokers reserve; drop the '$'")
        }
        guard !prefix.split(separator: "/", omittingEmptySubsequences: false).contains(where: \.isEmpty) else {
            throw MQTTTopicError(
                "the topic prefix '\(prefix)' has an empty level (a leading, trailing or double '/'); remove it")
        }
        self.prefix = prefix
    }

    /// Topics under a prefix that configuration loading has already checked: `prefix` itself, or the default
    /// prefix if it is not a valid one (which loading refuses first, so only a hand-made configuration gets here).
    public init(configuredPrefix prefix: String) {
        self = (try? MQTTTopics(prefix: prefix)) ?? MQTTTopics(validPrefix: MQTTTopics.defaultPrefix)
    }

    /// Topics under a prefix known to be valid, without checking it again.
    private init(validPrefix: String) {
        self.prefix = validPrefix
    }

    /// `<prefix>/events/<job>`: every event of the job (QoS 1).
    public func events(job: String) -> String {
        "\(prefix)/events/\(Self.escapeLevel(job))"
    }

    /// `<prefix>/status/<job>`: the job's latest status change (QoS 1, retained).
    public func status(job: String) -> String {
        "\(prefix)/status/\(Self.escapeLevel(job))"
    }

    /// `<prefix>/lineage/<job>`: OpenLineage RunEvents of the job (QoS 1).
    public func lineage(job: String) -> String {
        "\(prefix)/lineage/\(Self.escapeLevel(job))"
    }

    /// `<prefix>/replies/<node>`: where the node's `mqtt` steps ask to be answered (their response topic).
    public func stepReplies(node: String) -> String {
        "\(prefix)/replies/\(Self.escapeLevel(node))"
    }

    /// `<prefix>/commands/<verb>`, e.g. `batchwire/commands/start`.
    public func command(_ verb: String) -> String {
        "\(prefix)/commands/\(Self.escapeLevel(verb))"
    }

    /// `<prefix>/commands/#`: every command.
    public var commandsFilter: String {
        "\(prefix)/commands/#"
    }

    /// `$share/<group>/<prefix>/commands/#`: every command, each delivered to one node of the group.
    ///
    /// - Parameter group: the share name, the same on every node (default `batchwire`).
    public func sharedCommandsFilter(group: String = "batchwire") -> String {
        "$share/\(Self.escapeLevel(group))/\(commandsFilter)"
    }

    /// `<prefix>/nodes/<node>`: the node's online / offline state (QoS 1, retained; the Last Will).
    public func node(_ node: String) -> String {
        "\(prefix)/nodes/\(Self.escapeLevel(node))"
    }

    /// The job name of an `events`, `status` or `lineage` topic under this prefix, unescaped.
    ///
    /// - Returns: the job name, or `nil` if `topic` is not such a topic.
    public func jobName(inTopic topic: String) -> String? {
        for kind in ["events", "status", "lineage"] {
            let head = "\(prefix)/\(kind)/"
            if topic.hasPrefix(head) {
                let level = String(topic.dropFirst(head.count))
                return level.contains("/") ? nil : Self.unescapeLevel(level)
            }
        }
        return nil
    }

    /// Makes `name` one safe topic level by percent-encoding (as in URLs, uppercase hex) the UTF-8 bytes
    /// of `%`, `/`, `+`, `#` and of control characters (U+0000–U+001F, U+007F–U+009F); everything else
    /// is kept. `daily/orders#1` becomes `daily%2Forders%231`. The mapping is one-to-one, so
    /// ``unescapeLevel(_:)`` gives the name back, and names without these characters are unchanged.
    public static func escapeLevel(_ name: String) -> String {
        // Most names need nothing: one pass over the bytes finds that. 0xC2 leads U+0080–U+00BF, which
        // holds the C1 controls; a name with it takes the full path.
        let plain = !name.utf8.contains { byte in
            byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0x25 || byte == 0x2F || byte == 0x2B || byte == 0x23
        }
        if plain { return name }
        var result = ""
        for scalar in name.unicodeScalars {
            if needsEscaping(scalar) {
                for byte in String(scalar).utf8 {
                    result += "%" + hexDigit(byte >> 4) + hexDigit(byte & 0x0F)
                }
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Reverses ``escapeLevel(_:)``.
    ///
    /// - Returns: the name, or `nil` if `level` has a malformed `%` sequence.
    public static func unescapeLevel(_ level: String) -> String? {
        var bytes: [UInt8] = []
        var utf8 = level.utf8.makeIterator()
        while let byte = utf8.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = utf8.next().flatMap(hexValue), let low = utf8.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func needsEscaping(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x25, 0x2F, 0x2B, 0x23: true  // % / + #
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> String {
        String(UnicodeScalar(nibble < 10 ? nibble + 48 : nibble + 55))
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 65...70: byte - 55
        case 97...102: byte - 87
        default: nil
        }
    }
}
