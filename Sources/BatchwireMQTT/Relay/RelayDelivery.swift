import BatchwireStore

/// One outbox event ready to publish: its MQTT publications and the stream it is ordered in.
struct RelayDelivery: Sendable {
    /// One MQTT publish.
    struct Publication: Sendable {
        var topic: String
        var payload: [UInt8]
        var retain: Bool
    }

    /// The outbox row's id (`EVENT_ID`).
    let eventID: Int64
    /// The stream (one per job's events topic): its events are published one after the other, in outbox order.
    let orderingKey: String
    /// Events topic first, then the retained status, then lineage.
    let publications: [Publication]
}
