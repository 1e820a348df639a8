import BatchwireStore
import MosquittoClient

/// One outbox event ready to publish: its MQTT publications and the stream it is ordered in.
struct RelayDelivery: Sendable {
    /// The outbox row's id (`EVENT_ID`).
    let eventID: Int64
    /// The stream (one per job's events topic): its events are delivered one after the other, in outbox order.
    let orderingKey: String
    /// Events topic first, then the retained status, then lineage; all QoS 1.
    let publications: [MQTTPublication]
}
