/// A ``BatchStatus`` is written to event payloads by its Spring name (`"COMPLETED"`, `"STARTED"`, …).
extension BatchStatus: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let status = BatchStatus(rawValue: name) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "'\(name)' is not a batch status; expected one of "
                    + BatchStatus.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self = status
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
