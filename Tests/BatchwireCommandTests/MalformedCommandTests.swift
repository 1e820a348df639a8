import BatchwireTestBasics
import Foundation
import Testing

/// 1,000 malformed commands against the real broker and store: one error reply each, no run, and the
/// handler still carries out the good command that follows.
@Suite("Malformed commands", .serialized, .needs(.mqtt))
struct MalformedCommandTests {
    /// A malformed command and the error code it must get.
    struct Bad {
        let verb: String
        let payload: [UInt8]
        let code: String
    }

    /// The kinds of malformed command, cycled through.
    static func malformed(_ index: Int) -> Bad {
        func bad(_ verb: String, _ text: String, _ code: String) -> Bad {
            Bad(verb: verb, payload: Array(text.utf8), code: code)
        }
        switch index % 22 {
        case 0: return bad("start", "{\"job\": \"quick\"", "BAD_JSON")
        case 1: return bad("start", "start quick now", "BAD_JSON")
        case 2: return Bad(verb: "start", payload: [0xFF, 0xFE, 0x7B, 0x7D], code: "BAD_JSON")
        case 3: return bad("stop", "[1, 2, 3]", "BAD_JSON")
        case 4:
            return bad("start", String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000), "BAD_JSON")
        case 5: return bad("start", "{\"job\": \"no-such-job-\(index)\"}", "NO_SUCH_JOB")
        case 6: return bad("restart", "{\"executionId\": \(900_000 + index)}", "NO_SUCH_EXECUTION")
        case 7: return bad("start", "{\"job\": \(index)}", "WRONG_TYPE")
        case 8: return bad("stop", "{\"executionId\": \"\(index)\"}", "WRONG_TYPE")
        case 9:
            return bad("start", "{\"job\": \"quick\", \"parameters\": {\"count\": \"many-\(index)\"}}", "WRONG_TYPE")
        case 10: return bad("start", "{\"job\": \"quick\", \"parameters\": [\"day(long)=\(index)\"]}", "WRONG_TYPE")
        case 11:
            let padding = String(repeating: "x", count: 70_000)
            return bad("start", "{\"job\": \"quick\", \"parameters\": {\"region\": \"\(padding)\"}}", "TOO_LARGE")
        case 12: return bad("start", "{\"job\": \"locked\"}", "NOT_PERMITTED")
        case 13: return bad("start-next", "{\"job\": \"locked\"}", "NOT_PERMITTED")
        case 14: return bad("launch", "{\"job\": \"quick\"}", "UNKNOWN_VERB")
        case 15: return bad("start/now", "{\"job\": \"quick\"}", "UNKNOWN_VERB")
        case 16: return bad("start", "{\"job\": \"quick\", \"jobb\": \(index)}", "UNKNOWN_FIELD")
        case 17: return bad("start", "{\"parameters\": {\"region\": \"eu\"}}", "MISSING_FIELD")
        case 18: return bad("start", "{\"job\": \"quick\", \"expiresAt\": \"tomorrow\"}", "INVALID_VALUE")
        case 19: return bad("start", "{\"job\": \"quick\", \"replyTo\": \(index)}", "WRONG_TYPE")
        case 20: return bad("start", "{\"job\": \"quick\", \"correlationId\": {\"n\": \(index)}}", "WRONG_TYPE")
        default: return bad("start", "{\"job\": \"quick\", \"parameters\": {\"day\": \"2026-02-30\"}}", "WRONG_TYPE")
        }
    }

    @Test(arguments: CommandBackend.allCases)
    func thousandMalformedCommandsGetOneErrorEachAndStartNothing(_ backend: CommandBackend) async throws {
        try await withCommandFixture(backend) { fixture in
            try await fixture.startHandler()
            let count = 1_000
            var expected: [String: String] = [:]
            for index in 0..<count {
                let bad = Self.malformed(index)
                let correlation = "bad-\(index)"
                expected[correlation] = bad.code
                try await fixture.sendBytes(bad.verb, bad.payload, correlation: correlation)
            }
            // Commands are handled in order: once this good command is answered, every bad one was.
            let good = try await fixture.request(
                "start",
                #"{"job":"quick","parameters":{"region":"after-the-storm"}}"#,
                within: 120
            )
            #expect(good.ok, "\(good.text)")
            let id = try #require(good.executionId)

            let replies = try await fixture.inbox.replies(correlationPrefix: "bad-", count: count, within: 60)
            #expect(replies.count == count)
            var seen: [String: Int] = [:]
            for reply in replies {
                let correlation = try #require(reply.correlation)
                seen[correlation, default: 0] += 1
                #expect(!reply.ok, "\(correlation): \(reply.text)")
                #expect(reply.errorCode == expected[correlation], "\(correlation): \(reply.text)")
                #expect(reply.errorMessage?.isEmpty == false)
            }
            #expect(seen.count == count)
            #expect(seen.values.allSatisfy { $0 == 1 })

            // Exactly one execution: the good command's.
            #expect(try await fixture.executionCount() == 1)
            let execution = try await fixture.store.explorer.getJobExecution(id: id)
            #expect(execution?.jobParameters["region"] == .init(.string("after-the-storm")))
            #expect(fixture.endedHandlers == 0)
            _ = await fixture.jobOperator.launcher.waitForExecution(id)
        }
    }
}
