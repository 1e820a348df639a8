import Foundation

extension BatchwireEvent {
    /// The payload: UTF-8 JSON with sorted keys and unescaped slashes, the same bytes for the same event.
    ///
    /// Written by `JSONTextWriter`, byte for byte what `Self.makeEncoder().encode(self)` writes, at a
    /// fraction of the cost.
    ///
    /// - Throws: `EncodingError` only if a dataset facet holds a non-finite number.
    public func jsonData() throws -> Data {
        Data(try jsonBytes(capacity: Self.payloadCapacity))
    }

    /// The payload as text; see ``jsonData()``.
    ///
    /// - Throws: `EncodingError` only if a dataset facet holds a non-finite number.
    public func jsonString() throws -> String {
        String(decoding: try jsonBytes(capacity: Self.payloadCapacity), as: UTF8.self)
    }

    /// Reads a payload written by ``jsonData()`` (or any producer of the format in `docs/events.md`).
    ///
    /// - Parameter data: UTF-8 JSON.
    /// - Throws: `DecodingError` naming the bad field: not JSON, an unknown `type`, a `schemaVersion`
    ///   newer than this build reads, a missing field, or a value of the wrong form.
    public init(jsonData data: Data) throws {
        self = try JSONDecoder().decode(BatchwireEvent.self, from: data)
    }

    /// The encoder whose output ``jsonData()`` reproduces (and that encodes events inside other
    /// `Encodable` values). The event types write dates and ids themselves, so the wire format does not
    /// depend on this encoder's date or key strategies.
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Bytes reserved for a payload: status events take about 400, created events with lineage more.
    private static let payloadCapacity = 512
}
