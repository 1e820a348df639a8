@testable import BatchwireCommands
import BatchwireCore
import BatchwireStore
import BatchwireTestBasics
import Foundation
import Testing

@testable import BatchwireRuntime

/// The payload rules of `docs/commands.md`, without a broker: pure parsing and typing.
@Suite("Command payloads")
struct CommandPayloadTests {
    private func request(_ verb: CommandVerb, _ json: String) throws(CommandError) -> CommandRequest {
        try CommandPayload.request(verb: verb, object: try CommandPayload.object(from: Array(json.utf8)))
    }

    private func code(_ verb: CommandVerb, _ json: String) -> String? {
        do {
            _ = try request(verb, json)
            return nil
        } catch {
            return error.code.rawValue
        }
    }

    private func job() throws -> JobDefinition {
        let parsed = try JobFileParser().parse(testJobFile, file: "jobs.yaml")
        return try #require(parsed.first { $0.name == "quick" })
    }

    private func resolve(_ input: CommandParameterInput) throws -> JobParameters {
        try CommandParameters.resolve(input, for: try job())
    }

    private func resolveCode(_ input: CommandParameterInput) throws -> String? {
        let job = try job()
        do {
            _ = try CommandParameters.resolve(input, for: job)
            return nil
        } catch {
            return error.code.rawValue
        }
    }

    @Test func readsEveryVerb() throws {
        #expect(try request(.start, #"{"job":"quick"}"#).action == .start(job: "quick", parameters: nil))
        #expect(try request(.startNext, #"{"job":"quick"}"#).action == .startNext(job: "quick"))
        #expect(try request(.restart, #"{"executionId":7}"#).action == .restart(executionId: 7))
        #expect(try request(.stop, #"{"executionId":7}"#).action == .stop(executionId: 7))
        #expect(try request(.abandon, #"{"executionId":7}"#).action == .abandon(executionId: 7))
        #expect(
            try request(.pause, #"{"job":"quick","schedule":"2","reason":"db upgrade"}"#).action
                == .pause(job: "quick", schedule: "2", reason: "db upgrade")
        )
        #expect(try request(.resume, #"{"job":"quick"}"#).action == .resume(job: "quick", schedule: nil))
        #expect(try request(.list, "{}").action == .list)
    }

    @Test func readsTheEnvelopeFields() throws {
        let payload =
            #"{"job":"quick","idempotencyKey":"k-1","replyTo":"batchwire/replies/me","correlationId":"c","#
            + #""expiresAt":"2026-11-22T10:00:00.5+01:00"}"#
        let parsed = try request(.start, payload)
        #expect(parsed.idempotencyKey == "k-1")
        #expect(parsed.expiresAt == Date(timeIntervalSince1970: 1_795_338_000.5))
    }

    @Test func rejectsWhatIsNotAJSONObject() {
        for payload in ["", "{", "not json", "[1,2]", "42", "\"start\"", "null", "{\"job\":\"quick\",}"] {
            #expect(code(.start, payload) == "BAD_JSON", "\(payload)")
        }
        #expect(throws: CommandError.self) { try CommandPayload.object(from: [0xFF, 0xFE, 0x7B]) }
    }

    @Test func rejectsUnknownFieldsAndNamesThem() {
        do {
            _ = try request(.start, #"{"job":"quick","jobb":1,"zeta":2}"#)
            Issue.record("accepted unknown fields")
        } catch {
            #expect(error.code == .unknownField)
            #expect(error.message.contains("'jobb', 'zeta'"))
            #expect(error.message.contains("parameters"))
        }
        #expect(code(.list, #"{"job":"quick"}"#) == "UNKNOWN_FIELD")
        #expect(code(.stop, #"{"executionId":1,"job":"quick"}"#) == "UNKNOWN_FIELD")
    }

    @Test func requiresTheVerbsFields() {
        #expect(code(.start, "{}") == "MISSING_FIELD")
        #expect(code(.start, #"{"job":null}"#) == "MISSING_FIELD")
        #expect(code(.stop, #"{"idempotencyKey":"k"}"#) == "MISSING_FIELD")
        #expect(code(.pause, #"{"reason":"x"}"#) == "MISSING_FIELD")
    }

    @Test func checksTypes() {
        #expect(code(.start, #"{"job":5}"#) == "WRONG_TYPE")
        #expect(code(.start, #"{"job":"quick","parameters":"region=eu"}"#) == "WRONG_TYPE")
        #expect(code(.start, #"{"job":"quick","parameters":["region=eu",3]}"#) == "WRONG_TYPE")
        #expect(code(.stop, #"{"executionId":"7"}"#) == "WRONG_TYPE")
        #expect(code(.stop, #"{"executionId":7.5}"#) == "WRONG_TYPE")
        #expect(code(.stop, #"{"executionId":true}"#) == "WRONG_TYPE")
        #expect(code(.stop, #"{"executionId":99999999999999999999}"#) == "WRONG_TYPE")
        #expect(code(.start, #"{"job":"quick","idempotencyKey":12}"#) == "WRONG_TYPE")
        #expect(code(.pause, #"{"job":"quick","reason":["a"]}"#) == "WRONG_TYPE")
        #expect(code(.start, #"{"job":"quick","expiresAt":1700000000}"#) == "WRONG_TYPE")
        #expect(code(.start, #"{"job":"quick","replyTo":7}"#) == "WRONG_TYPE")
        #expect(code(.stop, #"{"executionId":7,"correlationId":["a"]}"#) == "WRONG_TYPE")
    }

    @Test func checksValues() {
        #expect(code(.start, #"{"job":""}"#) == "INVALID_VALUE")
        #expect(code(.stop, #"{"executionId":0}"#) == "INVALID_VALUE")
        #expect(code(.start, #"{"job":"quick","expiresAt":"tomorrow"}"#) == "INVALID_VALUE")
        // Far years are refused, never parsed into an overflow.
        for far in ["2999-01-01T00:00:00Z", "+12345-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "1000-01-01T00:00:00Z"] {
            #expect(code(.start, #"{"job":"quick","expiresAt":"\#(far)"}"#) == "INVALID_VALUE", "\(far)")
        }
        #expect(code(.start, #"{"job":"quick","expiresAt":"2261-12-31T23:59:59+14:00"}"#) == nil)
        #expect(code(.start, #"{"job":"quick","expiresAt":"1678-01-01T00:00:00-14:00"}"#) == nil)
        #expect(code(.start, #"{"job":"quick","idempotencyKey":""}"#) == "INVALID_VALUE")
        let longKey = String(repeating: "k", count: 201)
        #expect(code(.start, #"{"job":"quick","idempotencyKey":"\#(longKey)"}"#) == "INVALID_VALUE")
        let longReason = String(repeating: "r", count: 2_501)
        #expect(code(.pause, #"{"job":"quick","reason":"\#(longReason)"}"#) == "INVALID_VALUE")
    }

    @Test func nullCountsAsAbsentForOptionalFields() throws {
        let parsed = try request(.start, #"{"job":"quick","parameters":null,"expiresAt":null}"#)
        #expect(parsed.action == .start(job: "quick", parameters: nil))
        #expect(parsed.expiresAt == nil)
    }

    // MARK: Parameters

    @Test func typesObjectParametersByTheirDeclaration() throws {
        let parameters = try resolve(
            .object([
                ("count", .integer(5)), ("day", .string("2026-11-22")), ("extra", .number(1.5)),
                ("flag", .bool(true)), ("region", .string("us")),
            ])
        )
        #expect(parameters["count"] == JobParameter(.long(5), identifying: false))
        #expect(parameters["day"] == JobParameter(.localDate(LocalDate(year: 2026, month: 11, day: 22)!)))
        #expect(parameters["region"] == JobParameter(.string("us")))
        #expect(parameters["extra"] == JobParameter(.double(1.5)))
        #expect(parameters["flag"] == JobParameter(.boolean(true)))
    }

    @Test func refusesObjectParametersOfTheWrongType() throws {
        #expect(try resolveCode(.object([("count", .string("many"))])) == "WRONG_TYPE")
        #expect(try resolveCode(.object([("count", .number(1.5))])) == "WRONG_TYPE")
        #expect(try resolveCode(.object([("region", .integer(3))])) == "WRONG_TYPE")
        #expect(try resolveCode(.object([("day", .string("22/11/2026"))])) == "WRONG_TYPE")
        #expect(try resolveCode(.object([("day", .integer(20261122))])) == "WRONG_TYPE")
        #expect(try resolveCode(.object([("other", .array([]))])) == "WRONG_TYPE")
        #expect(try resolveCode(.object([("other", .null)])) == "WRONG_TYPE")
        #expect(try resolveCode(.object([(" ", .string("x"))])) == "INVALID_VALUE")
    }

    @Test func readsUntypedNotationAsTheDeclaredType() throws {
        let parameters = try resolve(.notation(["day=2026-11-22", "count=7", "note=a b", "when(localtime)=10:30"]))
        #expect(parameters["day"] == JobParameter(.localDate(LocalDate(year: 2026, month: 11, day: 22)!)))
        #expect(parameters["count"] == JobParameter(.long(7), identifying: false))
        #expect(parameters["note"] == JobParameter(.string("a b")))
        #expect(parameters["when"]?.kind == .localTime)
        let explicit = try resolve(.notation(["count=8,java.lang.Long,true", "day(localdate,false)=2026-11-23"]))
        #expect(explicit["count"] == JobParameter(.long(8), identifying: true))
        #expect(
            explicit["day"] == JobParameter(.localDate(LocalDate(year: 2026, month: 11, day: 23)!), identifying: false)
        )
    }

    @Test func refusesNotationThatContradictsTheDeclaration() throws {
        #expect(try resolveCode(.notation(["day(long)=5"])) == "WRONG_TYPE")
        #expect(try resolveCode(.notation(["count=5,java.lang.String"])) == "WRONG_TYPE")
        #expect(try resolveCode(.notation(["count=abc"])) == "WRONG_TYPE")
        #expect(try resolveCode(.notation(["x=abc,java.lang.Long"])) == "WRONG_TYPE")
        #expect(try resolveCode(.notation(["no equals sign"])) == "INVALID_VALUE")
        #expect(try resolveCode(.notation(["x(weird)=1"])) == "INVALID_VALUE")
        #expect(try resolveCode(.notation(["=1"])) == "INVALID_VALUE")
    }

    @Test func refusesDatesTheSharedParserCannotHold() throws {
        var job = try job()
        job.parameters.append(
            ParameterDefinition(name: "when", type: "date", value: "2026-01-01T00:00:00Z", identifying: true)
        )
        func code(_ input: CommandParameterInput) -> String? {
            do {
                _ = try CommandParameters.resolve(input, for: job)
                return nil
            } catch {
                return error.code.rawValue
            }
        }
        for far in ["2999-01-01T00:00:00Z", "+99999-01-01T00:00:00Z", "-9999-01-01T00:00:00Z", "1000-01-01T00:00:00Z"] {
            #expect(code(.object([("when", .string(far))])) == "WRONG_TYPE", "\(far)")
            #expect(code(.notation(["when=\(far)"])) == "WRONG_TYPE", "\(far)")
            #expect(code(.notation(["other(date)=\(far)"])) == "WRONG_TYPE", "\(far)")
            #expect(code(.notation(["other(java.util.Date,false)=\(far)"])) == "WRONG_TYPE", "\(far)")
            #expect(code(.notation(["other=\(far),java.util.Date"])) == "WRONG_TYPE", "\(far)")
        }
        let fine = try CommandParameters.resolve(.notation(["other(date)=2261-06-01T00:00:00Z"]), for: job)
        #expect(fine["other"]?.kind == .date)
        #expect(code(.object([("when", .string("2026-11-22T10:00:00.123Z"))])) == nil)
        // Other types take far values without trouble.
        #expect(
            code(.notation(["d(localdate)=+999999999-12-31", "t(localdatetime)=-999999999-01-01T00:00:00"])) == nil
        )
        #expect(code(.notation(["n=1e308,java.lang.Double", "l=-9223372036854775808,java.lang.Long"])) == nil)
    }

    // MARK: Replies

    @Test func reportsAndStoresReplies() throws {
        let success = CommandReply.success(.start, node: "n1", ["executionId": .integer(42), "status": "STARTING"])
        let text = success.storedText
        #expect(text == #"{"command":"start","executionId":42,"node":"n1","ok":true,"status":"STARTING"}"#)
        #expect(CommandReply(stored: text) == success)
        let payload = String(decoding: success.payload(correlationId: "c/1"), as: UTF8.self)
        let expected =
            #"{"command":"start","correlationId":"c/1","executionId":42,"node":"n1","ok":true,"#
            + #""status":"STARTING"}"#
        #expect(payload == expected)
        let failure = CommandReply.failure(CommandError(.noSuchJob, "no job"), command: "start", node: "n1")
        #expect(failure.errorCode == "NO_SUCH_JOB")
        #expect(!failure.isOK)
        #expect(CommandReply(stored: "not json") == nil)
    }

    @Test func refusesReplyTopicsThatCannotOrMustNotBeUsed() {
        let refused = [
            "", "a/+/b", "a/#", "$SYS/x", "batchwire", "batchwire/commands/start", "batchwire/commands",
            "batchwire/events/nightly", "batchwire/status/nightly", "batchwire/nodes/n1", "batchwire/replies",
        ]
        for topic in refused {
            #expect(throws: CommandError.self, "\(topic)") {
                try ReplyAddress.check(topic, prefix: "batchwire", source: "replyTo field")
            }
        }
        #expect(throws: Never.self) {
            try ReplyAddress.check("batchwire/replies/me", prefix: "batchwire", source: "replyTo field")
            try ReplyAddress.check("batchwirex/commands/start", prefix: "batchwire", source: "replyTo field")
            try ReplyAddress.check("clients/me/replies", prefix: "batchwire", source: "replyTo field")
        }
    }

    @Test func mapsOperatorErrorsToStableCodes() {
        let cases: [(JobOperatorError.Code, String)] = [
            (.noSuchJob, "NO_SUCH_JOB"), (.noSuchJobExecution, "NO_SUCH_EXECUTION"),
            (.jobInstanceAlreadyExists, "JOB_INSTANCE_ALREADY_EXISTS"),
            (.jobExecutionNotRunning, "JOB_EXECUTION_NOT_RUNNING"),
            (.jobExecutionAlreadyRunning, "JOB_EXECUTION_ALREADY_RUNNING"),
            (.jobInstanceAlreadyComplete, "JOB_INSTANCE_ALREADY_COMPLETE"), (.jobRestart, "JOB_RESTART"),
            (.startLimitExceeded, "START_LIMIT_EXCEEDED"), (.jobParametersNotFound, "JOB_PARAMETERS_NOT_FOUND"),
            (.jobParametersInvalid, "JOB_PARAMETERS_INVALID"), (.illegalState, "INTERNAL"),
            (.store, "STORE_UNAVAILABLE"),
        ]
        for (code, expected) in cases {
            #expect(CommandError.from(JobOperatorError(code, "m")).code.rawValue == expected, "\(code)")
        }
        let busy = JobOperatorError(.store, "m", underlying: StoreError(.transactionConflict, "busy"))
        #expect(CommandError.from(busy).code == .storeUnavailable)
        #expect(CommandError.from(busy).isTransient)
    }
}

/// Random payloads and parameters: every one is answered with a reply or an error, never a crash.
@Suite("Command payload fuzzing")
struct CommandPayloadFuzzTests {
    static let pieces = [
        "{", "}", "[", "]", ":", ",", "\"", "\\", "\\u", "d800", "0", "-", "1e999", "9223372036854775808", ".5",
        "true", "null", "\"job\"", "\"quick\"", "\"parameters\"", "\"executionId\"", "\"expiresAt\"", "\"when\"",
        "\"2999-01-01T00:00:00Z\"", "\"+999999999-12-31\"", "\"day(localdate)=\"", "\"x(date)=9999-01-01T00:00:00Z\"",
        "\"count=99999999999999999999\"", "\"t(localtime)=25:61\"", " ", "\u{0}", "é", "😀",
    ]

    static let values = [
        "\"2999-01-01T00:00:00Z\"", "\"2026-11-22T10:00:00Z\"", "\"+999999999-12-31\"", "\"2026-11-22\"",
        "\"25:61\"", "\"10:30\"", "\"-999999999-01-01T00:00:00\"", "99999999999999999999", "-9223372036854775808",
        "1.5", "1e308", "true", "null", "[]", "{}", "\"\"", "\"a,b\"", "2147483648",
    ]
    static let names = ["region", "count", "day", "when", "other", "", " ", "a(b", "x="]
    static let types = [
        "", "(date)", "(localdate)", "(localdatetime)", "(localtime)", "(long)", "(integer)", "(double)",
        "(boolean)", "(string,false)", "(weird)", "(date,maybe)",
    ]
    static let notationValues = [
        "2999-01-01T00:00:00Z", "2026-11-22T10:00:00Z", "+999999999-12-31", "2026-11-22", "25:61", "10:30",
        "99999999999999999999", "-9223372036854775808", "1e308", "NaN", "true", "", "a,b",
        "2026-11-22T10:00:00Z,java.util.Date", "5,java.lang.Long,false", "+12345-01-01T00:00:00Z,java.util.Date",
    ]

    /// One payload: random pieces, or a `start` of well-formed shape with random parameter values.
    static func payload(_ random: inout SplitMix64) -> (CommandVerb, String) {
        switch Int.random(in: 0..<3, using: &random) {
        case 0:
            let count = Int.random(in: 1...12, using: &random)
            let text = (0..<count).map { _ in pieces.randomElement(using: &random)! }.joined()
            return (CommandVerb.allCases.randomElement(using: &random)!, text)
        case 1:
            let members = (0..<Int.random(in: 1...4, using: &random)).map { index in
                "\"\(names.randomElement(using: &random)!)\(index)\":\(values.randomElement(using: &random)!)"
            }
            return (.start, #"{"job":"quick","parameters":{"# + members.joined(separator: ",") + "}}")
        default:
            let items = (0..<Int.random(in: 1...4, using: &random)).map { _ in
                let name = names.randomElement(using: &random)!
                let type = types.randomElement(using: &random)!
                let value = notationValues.randomElement(using: &random)!
                return "\"\(name)\(type)=\(value)\""
            }
            return (.start, #"{"job":"quick","parameters":["# + items.joined(separator: ",") + "]}")
        }
    }

    @Test func randomPayloadsNeverCrash() throws {
        var random = SplitMix64(state: 20_261_122)
        var job = try #require(try JobFileParser().parse(testJobFile, file: "jobs.yaml").first { $0.name == "quick" })
        job.parameters.append(
            ParameterDefinition(name: "when", type: "date", value: "2026-01-01T00:00:00Z", identifying: true)
        )
        var accepted = 0
        var refused = 0
        for _ in 0..<20_000 {
            let (verb, text) = Self.payload(&random)
            do {
                let object = try CommandPayload.object(from: Array(text.utf8))
                let request = try CommandPayload.request(verb: verb, object: object)
                if case .start(_, let input?) = request.action { _ = try CommandParameters.resolve(input, for: job) }
                accepted += 1
            } catch {
                #expect(!error.message.isEmpty)
                refused += 1
            }
        }
        #expect(accepted > 100)
        #expect(refused > 100)
    }
}
