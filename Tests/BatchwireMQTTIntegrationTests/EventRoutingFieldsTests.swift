import BatchwireCore
@testable import BatchwireMQTT
import Foundation
import Testing

/// The relay reads `type` and `jobName` from the payload bytes instead of decoding every event.
@Suite("Event routing fields")
struct EventRoutingFieldsTests {
    @Test("every kind of event a run writes: the scanner reads the same type and job name the decoder does")
    func matchesTheDecoder() throws {
        let topics = try MQTTTopics()
        let factory = EventFactory(jobName: "orders/eu \"nightly\" ünïcode", executionID: 7, topics: topics)
        let step = BatchwireEvent.stepStatusChanged(
            StepStatusChangedEvent(
                sequence: 5, node: "n", jobName: "plain-job", jobInstanceId: 1, jobExecutionId: 7, stepExecutionId: 70,
                stepName: "type", previousStatus: nil, status: .starting, exitCode: "EXECUTING", createTime: Date()))
        for event in factory.lifecycle() + [step] {
            let payload = Array(try event.jsonData())
            let fields = EventRoutingFields(payload: payload)
            #expect(fields.type == event.type.rawValue)
            switch event {
            case .jobStatusChanged(let change): #expect(fields.status == change.status.rawValue)
            case .stepStatusChanged(let change): #expect(fields.status == change.status.rawValue)
            default: #expect(fields.status == nil)
            }
            // A name with escapes (the quotes) is not read: the relay then decodes the event.
            #expect(fields.jobName == (event.jobName.contains("\"") ? nil : event.jobName))
        }
    }

    @Test("only top-level members count; nested keys, escaped quotes and brackets inside strings do not mislead it")
    func topLevelOnly() {
        let json = #"{"a":{"type":"nested","jobName":"inner"},"b":["x\"],","{"],"c":1.5e3,"d":null,"jobName":"outer","type":"job-created"}"#
        #expect(Self.fields(json) == Fields(type: "job-created", jobName: "outer"))
        let escaped = #"{"type":"job-\"created","jobName":"j"}"#
        #expect(Self.fields(escaped) == Fields(type: nil, jobName: "j"))
        let spaced = " {\n \"type\" : \"schedule-fire\" ,\t\"jobName\":\"j\" }"
        #expect(Self.fields(spaced) == Fields(type: "schedule-fire", jobName: "j"))
    }

    struct Fields: Equatable {
        let type: String?
        let jobName: String?
    }

    static func fields(_ text: String) -> Fields {
        let fields = EventRoutingFields(payload: Array(text.utf8))
        return Fields(type: fields.type, jobName: fields.jobName)
    }

    @Test("payloads that are not a JSON object, or are cut short, give no fields")
    func malformed() {
        for text in ["", "[]", "\"type\"", "not json", #"{"type":"#, #"{"type":"job-created""#, #"{"jobName"}"#,
            #"{"x":[1,2"#]
        {
            let fields = EventRoutingFields(payload: Array(text.utf8))
            #expect(fields.jobName == nil, "\(text)")
            #expect(fields.type == nil || text == #"{"type":"job-created""#, "\(text)")
        }
    }
}
