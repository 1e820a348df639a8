import BatchwireCore
@testable import BatchwireMQTT
import Foundation
import Testing

/// The relay reads job status changes straight from the payload bytes; it must read exactly what the decoder
/// reads, and give up (so the relay falls back to the decoder) on anything it does not take.
@Suite("Status change payload reader")
struct StatusChangePayloadTests {
    static let created = Date(timeIntervalSince1970: 1_790_000_000.123)

    static func change(
        previous: BatchStatus?, status: BatchStatus, exitDescription: String = "", start: Date? = nil,
        end: Date? = nil, jobName: String = "orders-nightly"
    ) -> JobStatusChangedEvent {
        JobStatusChangedEvent(
            sequence: 4, node: "node-a", jobName: jobName, jobInstanceId: 12, jobExecutionId: 9_000_000_001,
            previousStatus: previous, status: status, exitCode: status == .completed ? "COMPLETED" : "UNKNOWN",
            exitDescription: exitDescription, createTime: created, startTime: start, endTime: end)
    }

    @Test("every status, with and without previous status, start and end: the same event as the decoder reads")
    func matchesTheDecoder() throws {
        var changes: [JobStatusChangedEvent] = []
        for status in BatchStatus.allCases {
            changes.append(Self.change(previous: nil, status: status))
            changes.append(
                Self.change(
                    previous: .started, status: status, exitDescription: "ended: see the log / über",
                    start: Self.created.addingTimeInterval(1.5), end: Self.created.addingTimeInterval(61.25)))
        }
        for change in changes {
            let payload = Array(try BatchwireEvent.jobStatusChanged(change).jsonData())
            let read = try #require(StatusChangePayload.decode(payload))
            guard case .jobStatusChanged(let decoded) = try BatchwireEvent(jsonData: Data(payload)) else {
                Issue.record("not decoded as a status change")
                continue
            }
            #expect(read == decoded)
            #expect(read == change)
        }
    }

    @Test("nulls and unknown members are read as the decoder reads them")
    func nullsAndUnknownMembers() throws {
        let text = #"""
            {"createTime":"2026-09-21T14:13:20.123Z","endTime":null,"eventId":"0F8E4C52-1D2B-4A5C-9E8F-0123456789AB",
             "exitCode":"UNKNOWN","exitDescription":null,"extra":{"nested":["}",1]},"jobExecutionId":3,
             "jobInstanceId":2,"jobName":"j","node":"n","previousStatus":null,"schemaVersion":1,"sequence":2,
             "startTime":null,"status":"STARTING","timestamp":"2026-09-21T14:13:20.5+02:00",
             "type":"job-status-changed"}
            """#
        let payload = Array(text.utf8)
        let read = try #require(StatusChangePayload.decode(payload))
        guard case .jobStatusChanged(let decoded) = try BatchwireEvent(jsonData: Data(payload)) else {
            Issue.record("not decoded as a status change")
            return
        }
        #expect(read == decoded)
        #expect(read.exitDescription == "")
        #expect(read.previousStatus == nil && read.startTime == nil && read.endTime == nil)
    }

    @Test("what it does not take gives nil: escapes, missing or mistyped fields, other types, newer versions")
    func refusals() throws {
        let good = String(
            decoding: try BatchwireEvent.jobStatusChanged(Self.change(previous: .starting, status: .started)).jsonData(),
            as: UTF8.self)
        #expect(StatusChangePayload.decode(Array(good.utf8)) != nil)
        let escaped = try BatchwireEvent.jobStatusChanged(
            Self.change(previous: .started, status: .failed, exitDescription: "line one\nline \"two\"")
        ).jsonData()
        let variants: [(String, String)] = [
            ("an escape sequence", String(decoding: escaped, as: UTF8.self)),
            ("a missing field", good.replacingOccurrences(of: #""node":"node-a","#, with: "")),
            ("a null required field", good.replacingOccurrences(of: #""node":"node-a""#, with: #""node":null"#)),
            ("a string for a number", good.replacingOccurrences(of: #""sequence":4"#, with: #""sequence":"4""#)),
            ("a fraction for an integer", good.replacingOccurrences(of: #""sequence":4"#, with: #""sequence":4.5"#)),
            ("a plus sign", good.replacingOccurrences(of: #""sequence":4"#, with: #""sequence":+4"#)),
            ("a leading zero", good.replacingOccurrences(of: #""sequence":4"#, with: #""sequence":04"#)),
            ("another event type", good.replacingOccurrences(of: "job-status-changed", with: "step-status-changed")),
            ("a newer schema version", good.replacingOccurrences(of: #""schemaVersion":1"#, with: #""schemaVersion":2"#)),
            ("an unknown status", good.replacingOccurrences(of: #""status":"STARTED""#, with: #""status":"RUNNING""#)),
            ("a bad timestamp", good.replacingOccurrences(of: #""timestamp":"2"#, with: #""timestamp":"x2"#)),
            ("a bad event id", good.replacingOccurrences(of: #""eventId":""#, with: #""eventId":"z"#)),
            ("a cut-off payload", String(good.dropLast(3))),
            ("not an object", "[" + good + "]"),
        ]
        for (reason, text) in variants {
            #expect(text != good, "the variant '\(reason)' did not change the payload")
            #expect(StatusChangePayload.decode(Array(text.utf8)) == nil, "\(reason)")
        }
    }
}
