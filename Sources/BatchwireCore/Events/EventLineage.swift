/// The datasets one job reads and writes, as the job file's `lineage:` section declares them.
public struct EventLineage: Sendable, Hashable, Codable {
    /// The datasets the job reads.
    public var inputs: [EventDataset]
    /// The datasets the job writes.
    public var outputs: [EventDataset]

    /// Lineage.
    ///
    /// - Parameters:
    ///   - inputs: the datasets read.
    ///   - outputs: the datasets written.
    public init(inputs: [EventDataset] = [], outputs: [EventDataset] = []) {
        self.inputs = inputs
        self.outputs = outputs
    }

    /// No datasets.
    public static let none = EventLineage()

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        inputs = try container.decodeIfPresent([EventDataset].self, forKey: .inputs) ?? []
        outputs = try container.decodeIfPresent([EventDataset].self, forKey: .outputs) ?? []
    }

    private enum CodingKeys: String, CodingKey {
        case inputs, outputs
    }
}
