import BatchwireCore
import Foundation
import Testing

@testable import BatchwireMQTT

/// The hand-written payload JSON (`jsonData()`, `JSONTextWriter`) is byte for byte what
/// `JSONEncoder` writes through the Codable conformances, and reads back to the same value.
@Suite struct EventJSONTextTests {
    @Test(arguments: JSONTextCorpus.events)
    func eventBytesEqualTheEncodersAndDecodeToTheEvent(event: BatchwireEvent) throws {
        let expected = try BatchwireEvent.makeEncoder().encode(event)
        let written = try event.jsonData()
        #expect(written == expected, Self.difference(written, expected))
        #expect(try event.jsonString() == String(decoding: expected, as: UTF8.self))
        #expect(try BatchwireEvent(jsonData: written) == event)
    }

    @Test(arguments: JSONTextCorpus.wholeNumbers)
    func wholeDoublesInFacetsAreWrittenAsTheEncoderWritesThem(number: Double) throws {
        let event = BatchwireEvent.jobCreated(
            JobCreatedEvent(
                eventId: Fixtures.created.eventId, timestamp: Fixtures.instant, node: "n", jobName: "j",
                jobInstanceId: 1, jobExecutionId: 1, jobKey: "k", parameters: Fixtures.allParameterTypes,
                lineage: JSONTextCorpus.lineage(numbers: [number, 0.5, number])))
        let expected = try BatchwireEvent.makeEncoder().encode(event)
        let written = try event.jsonData()
        #expect(written == expected, "\(String(decoding: written, as: UTF8.self))")
        // A whole double is written without a fraction, so it reads back as an integer (`-0` as 0, `1e+16` as
        // 10000000000000000): the decoded event differs, and is written as the encoder writes it too.
        let decoded = try BatchwireEvent(jsonData: written)
        #expect(try decoded.jsonData() == (try BatchwireEvent.makeEncoder().encode(decoded)))
    }

    @Test func theCorpusCoversEveryTypeAndOptionalField() throws {
        let events = JSONTextCorpus.events
        #expect(Set(events.map(\.type)) == Set(BatchwireEventType.allCases))
        let texts = try events.map { try $0.jsonString() }
        for key in ["fireTime", "parent", "previousStatus", "startTime", "endTime", "runningExecutionId", "facets"] {
            #expect(texts.contains { $0.contains("\"\(key)\":") }, "some event has \(key)")
            #expect(texts.contains { !$0.contains("\"\(key)\":") }, "some event lacks \(key)")
        }
        let kinds = Set(JSONTextCorpus.parameters.map { $0.1.kind })
        #expect(kinds == Set(JobParameter.Kind.allCases))
    }

    @Test func aNonFiniteFacetNumberThrowsAsTheEncoderDoes() throws {
        for number in [Double.nan, .infinity, -.infinity] {
            var created = Fixtures.created
            created.lineage.outputs[0].facets = ["stats": ["_producer": "p", "ratio": .number(number)]]
            let event = BatchwireEvent.jobCreated(created)
            #expect(throws: EncodingError.self) { try BatchwireEvent.makeEncoder().encode(event) }
            let error = #expect(throws: EncodingError.self) { try event.jsonData() }
            guard case .invalidValue(let value, _)? = error else {
                Issue.record("expected EncodingError.invalidValue, got \(String(describing: error))")
                continue
            }
            #expect((value as? Double).map { $0.isNaN ? number.isNaN : $0 == number } == true)
            #expect(throws: EncodingError.self) { try event.jsonString() }
        }
    }

    @Test func theFastPayloadsValidateAgainstTheDocumentedSchema() throws {
        try TestSupport.validate(
            JSONTextCorpus.schemaValidEvents.map { try $0.jsonData() }, against: TestSupport.eventsSchema)
    }

    // MARK: OpenLineage

    static let builders = [
        OpenLineageEventBuilder(),
        OpenLineageEventBuilder(
            namespace: "prod/eu \"1\"", engineVersion: "1.2.3-beta+\u{1}é", producer: "https://x/y"),
    ]

    static var contexts: [OpenLineageRunContext] {
        [
            OpenLineageRunContext(created: Fixtures.created), OpenLineageRunContext(),
            OpenLineageRunContext(lineage: JSONTextCorpus.lineage(numbers: JSONTextCorpus.fractionalNumbers)),
            OpenLineageRunContext(nominalTime: Fixtures.fire),
            OpenLineageRunContext(
                parent: EventParentRun(namespace: "a/b", name: "\u{2028}", runId: Fixtures.created.eventId)),
        ]
    }

    /// The RunEvent of every status change the builders turn into one, for every context.
    static func runEvents(
        builders: [OpenLineageEventBuilder] = builders, contexts: [OpenLineageRunContext] = contexts
    ) -> [OpenLineageRunEvent] {
        var events: [OpenLineageRunEvent] = []
        for builder in builders {
            for context in contexts {
                for previous in BatchStatus.allCases {
                    for status in BatchStatus.allCases {
                        let change = Fixtures.status(
                            previous, status, exitCode: status.rawValue,
                            description: previous == .failed ? JSONTextCorpus.trickyStrings[4] : "",
                            ended: status == .completed || status == .failed)
                        if let event = builder.runEvent(for: change, context: context) { events.append(event) }
                    }
                }
            }
        }
        return events
    }

    @Test func runEventBytesEqualTheEncodersAndDecodeToTheEvent() throws {
        let events = Self.runEvents()
        #expect(Set(events.map(\.eventType)) == Set(OpenLineageEventType.allCases))
        for event in events {
            let expected = try BatchwireEvent.makeEncoder().encode(event)
            let written = try event.jsonData()
            #expect(written == expected, Self.difference(written, expected))
            #expect(try JSONDecoder().decode(OpenLineageRunEvent.self, from: written) == event)
        }
    }

    @Test func aNonFiniteRunFacetNumberThrowsAsTheEncoderDoes() throws {
        let change = Fixtures.status(.starting, .started)
        var event = try #require(OpenLineageEventBuilder().runEvent(for: change, context: OpenLineageRunContext()))
        event.run.facets["custom"] = ["_producer": "p", "values": [1, .number(.infinity)]]
        #expect(throws: EncodingError.self) { try BatchwireEvent.makeEncoder().encode(event) }
        #expect(throws: EncodingError.self) { try event.jsonData() }
    }

    @Test func fastRunEventsValidateAgainstOpenLineageSchemas() throws {
        // The corpus lineage holds facets OpenLineage rejects on purpose (an empty one); the others are valid.
        var contexts = Self.contexts
        contexts.remove(at: 2)
        let events = Self.runEvents(builders: [OpenLineageEventBuilder()], contexts: contexts)
        try TestSupport.validate(events.map { try $0.jsonData() }, against: try TestSupport.openLineageSchema())
    }

    /// Both payloads as text, for a failure message.
    static func difference(_ written: Data, _ expected: Data) -> Comment {
        Comment(
            rawValue: "written: \(String(decoding: written, as: UTF8.self))\n"
                + "JSONEncoder: \(String(decoding: expected, as: UTF8.self))")
    }
}
