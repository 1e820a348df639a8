import Foundation

/// The run that caused a job execution, when there is one (e.g. an orchestrator's run that started
/// it by an MQTT command); it becomes the OpenLineage `parent` run facet.
public struct EventParentRun: Sendable, Hashable, Codable {
    /// The parent job's OpenLineage namespace.
    public var namespace: String
    /// The parent job's name.
    public var name: String
    /// The parent run's OpenLineage run id.
    public var runId: UUID

    /// A parent run.
    ///
    /// - Parameters:
    ///   - namespace: the parent job's namespace.
    ///   - name: the parent job's name.
    ///   - runId: the parent run's id.
    public init(namespace: String, name: String, runId: UUID) {
        self.namespace = namespace
        self.name = name
        self.runId = runId
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        namespace = try container.decode(String.self, forKey: .namespace)
        name = try container.decode(String.self, forKey: .name)
        runId = try container.decodeEventUUID(forKey: .runId)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(namespace, forKey: .namespace)
        try container.encode(name, forKey: .name)
        try container.encodeEventUUID(runId, forKey: .runId)
    }

    private enum CodingKeys: String, CodingKey {
        case namespace, name, runId
    }
}
