import Foundation

// Helpers shared by the event types' hand-written Codable conformances, which keep the wire format
// independent of how a JSONEncoder or JSONDecoder is configured.

extension KeyedEncodingContainer {
    /// Writes a UUID as lowercase text, as RFC 9562 recommends.
    mutating func encodeEventUUID(_ uuid: UUID, forKey key: Key) throws {
        try encode(uuid.uuidString.lowercased(), forKey: key)
    }

    /// Writes `date` as an event timestamp (see ``EventTimestamp``).
    mutating func encodeTimestamp(_ date: Date, forKey key: Key) throws {
        try encode(EventTimestamp.format(date), forKey: key)
    }

    /// Writes `date`, if any, as an event timestamp; a `nil` date leaves the key out.
    mutating func encodeTimestampIfPresent(_ date: Date?, forKey key: Key) throws {
        if let date { try encodeTimestamp(date, forKey: key) }
    }
}

extension KeyedDecodingContainer {
    /// Reads a UUID written as text (either case).
    func decodeEventUUID(forKey key: Key) throws -> UUID {
        let text = try decode(String.self, forKey: key)
        guard let uuid = UUID(uuidString: text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "'\(text)' is not a UUID; expected e.g. 0f8e4c52-…")
        }
        return uuid
    }

    /// Reads an event timestamp.
    func decodeTimestamp(forKey key: Key) throws -> Date {
        let text = try decode(String.self, forKey: key)
        guard let date = EventTimestamp.parse(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self,
                debugDescription: "'\(text)' is not an ISO-8601 instant; expected e.g. 2026-01-15T02:30:00.000Z")
        }
        return date
    }

    /// Reads an event timestamp that may be absent or null.
    func decodeTimestampIfPresent(forKey key: Key) throws -> Date? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        return try decodeTimestamp(forKey: key)
    }

    /// Checks the `type` and `schemaVersion` fields of an event payload.
    func checkEventHeader(type expected: BatchwireEventType, typeKey: Key, versionKey: Key) throws {
        let version = try decode(Int.self, forKey: versionKey)
        guard version >= 1, version <= BatchwireEventType.schemaVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: versionKey, in: self,
                debugDescription: "event schemaVersion \(version) is not supported (this build reads 1..."
                    + "\(BatchwireEventType.schemaVersion)); upgrade Batchwire to read it")
        }
        let type = try decode(String.self, forKey: typeKey)
        guard type == expected.rawValue else {
            throw DecodingError.dataCorruptedError(
                forKey: typeKey, in: self,
                debugDescription: "event type '\(type)' cannot be read as '\(expected.rawValue)'; "
                    + "decode it as a BatchwireEvent to accept any type")
        }
    }
}
