import BatchwireCore
import BatchwireMQTT
import BatchwireStore
import Foundation
import Testing

/// The relay routes by the outbox's routing columns, written from the event itself; rows written before those
/// columns existed are routed by their payload, read once by the decoder.
@Suite("Outbox routing")
struct OutboxRoutingTests {
    @Test("every kind of event a run writes: the routing of the event, and of its payload read back, agree")
    func matchesTheEvent() throws {
        let topics = try MQTTTopics()
        let factory = EventFactory(jobName: "orders/eu \"nightly\" ünïcode", executionID: 7, topics: topics)
        let step = BatchwireEvent.stepStatusChanged(
            StepStatusChangedEvent(
                sequence: 5, node: "n", jobName: "plain-job", jobInstanceId: 1, jobExecutionId: 7, stepExecutionId: 70,
                stepName: "type", previousStatus: nil, status: .starting, exitCode: "EXECUTING", createTime: Date()))
        for event in factory.lifecycle() + [step] {
            let routing = OutboxRouting(event)
            #expect(routing.eventType == event.type)
            #expect(routing.jobName == event.jobName)
            switch event {
            case .jobStatusChanged(let change): #expect(routing.status == change.status)
            case .stepStatusChanged(let change): #expect(routing.status == change.status)
            default: #expect(routing.status == nil)
            }
            // A name with escapes (the quotes) is read too: the old scanner gave up on it.
            #expect(OutboxRouting(legacyPayload: try event.jsonString()) == routing)
        }
    }

    @Test("payloads that are not a Batchwire event have no routing")
    func notEvents() {
        for text in ["", "[]", "online", "not json", #"{"type":"job-created"}"#, #"{"type":"x","jobName":"j"}"#] {
            #expect(OutboxRouting(legacyPayload: text) == nil, "\(text)")
        }
    }
}
