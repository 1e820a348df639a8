import BatchwireCore
import Foundation

/// Payloads that stress the JSON text writer: every event type with optional fields present and
/// absent, strings that need escaping (or look as if they do), parameters of every kind, and lineage
/// facets holding every ``JSONValue`` case.
enum JSONTextCorpus {
    /// Strings whose escaping must match `JSONEncoder`'s.
    static let trickyStrings: [String] = [
        "", "plain", "quote \" and backslash \\ and \\\"", "slashes / // </script> http://example.com/a?b=c",
        "controls \u{0}\u{1}\u{7}\u{8}\u{9}\u{A}\u{B}\u{C}\u{D}\u{1B}\u{1F} end", "del \u{7F} and space \u{20}",
        "latin é ü ß ñ, cjk 日本語, greek Ωμέγα", "separators \u{2028} \u{2029} nel \u{85} nbsp \u{A0}",
        "emoji 😀 👍🏽 🇩🇪 👨‍👩‍👧", "combining e\u{301} vs precomposed \u{E9}", "bom \u{FEFF} replacement \u{FFFD}",
        #"looks escaped: \u0041 \n \t"#, "\"", "\\", "\u{0}",
    ]

    /// Numbers that survive a JSON round trip as `.number` (not whole, or too large for `Int64`).
    static let fractionalNumbers: [Double] = [
        0.1, -1.25, 1e20, -1e21, 1e-7, 0.000001, 0.0001, 123.456, 2.0 / 3.0, Double(Float(0.1)),
        1.2345678901234567e19, 1.7976931348623157e308, .leastNonzeroMagnitude, .leastNormalMagnitude,
    ]

    /// Whole numbers held as doubles: `JSONEncoder` writes them without a fraction (`1`, `-0`), so they
    /// come back as `.integer`.
    static let wholeNumbers: [Double] = [1.0, 0.0, -0.0, 100.0, -42.0, 1e15, 9007199254740992.0, 1e16]

    /// A facet holding every JSON value case, nested, with keys in no particular order (including keys
    /// whose UTF-8 order differs from `String`'s `<`: decomposed `e\u{301}x` sorts before `f`).
    static func facet(numbers: [Double]) -> JSONValue {
        [
            "_schemaURL": "https://example.com/facets/1-0-0/Everything.json#/$defs/Everything",
            "_producer": "urn:batchwire:test",
            "zeta": nil, "Alpha": true, "alpha": false, "_": "underscore", "1": 1, "10": 10, "9": 9,
            "e\u{301}x": "decomposed key", "f": "f", "ä": "precomposed key", "😀": "emoji key", "": "empty key",
            "quote\"key": "q", "slash/key": "s", "tab\tkey": "t",
            "integers": [0, 1, -1, .integer(.max), .integer(.min), 1_768_444_200_123],
            "numbers": .array(numbers.map(JSONValue.number)),
            "strings": .array(trickyStrings.map(JSONValue.string)),
            "nested": [
                "z": [[], [[]], [nil, true, [1, "two", ["k": "v", "a": []]]]],
                "b": ["y": ["x": ["w": [:]]], "a": [["c": 1, "b": 2, "a": 3]]],
            ],
        ]
    }

    /// Lineage whose first input carries ``facet(numbers:)``; datasets with facets absent and empty.
    static func lineage(numbers: [Double]) -> EventLineage {
        EventLineage(
            inputs: [
                EventDataset(
                    namespace: "mysql://orders-db:3306", name: "shop.orders \"quoted\"",
                    facets: ["everything": facet(numbers: numbers), "empty": [:]]),
                EventDataset(namespace: "s3://lake/ünïcode", name: "no facets"),
            ],
            outputs: [
                EventDataset(namespace: "file:///tmp", name: "empty facets", facets: [:]),
                EventDataset(
                    namespace: "kafka://b:9092", name: "topic\u{2028}\u{1}", facets: Fixtures.lineage.inputs[0].facets),
            ])
    }

    /// Parameters of every kind, some with tricky names and text values.
    static var parameters: JobParameters {
        var parameters = Fixtures.allParameterTypes
        for (index, text) in trickyStrings.enumerated() {
            parameters["text.\(index) \(text)"] = JobParameter(.string(text), identifying: index.isMultiple(of: 2))
        }
        parameters["long.min"] = JobParameter(.long(.min))
        parameters["long.max"] = JobParameter(.long(.max), identifying: false)
        parameters["double.tiny"] = JobParameter(.double(1e-7))
        parameters["double.huge"] = JobParameter(.double(1e20))
        parameters["double.whole"] = JobParameter(.double(3))
        parameters["double.negativeZero"] = JobParameter(.double(-0.0))
        parameters["integer.min"] = JobParameter(.integer(.min))
        parameters["boolean.false"] = JobParameter(.boolean(false))
        parameters["date.beforeEpoch"] = JobParameter(.date(millisecondsSince1970: -1_500))
        return parameters
    }

    /// Every event type, optional fields present and absent, tricky text in each text field; dataset
    /// facets hold only numbers that round-trip as `.number`, so each decodes to an equal event.
    static var events: [BatchwireEvent] {
        schemaValidEvents + edgeEvents + textEvents([""])
    }

    /// The part of ``events`` that `docs/events.schema.json` accepts (no empty names, no negative ids).
    static var schemaValidEvents: [BatchwireEvent] {
        let created = Fixtures.created
        let everything = BatchwireEvent.jobCreated(
            JobCreatedEvent(
                eventId: created.eventId, sequence: .max, timestamp: Fixtures.instant, node: "node \"a\"/1",
                jobName: "orders/daily", jobInstanceId: .max, jobExecutionId: 0, jobKey: created.jobKey,
                parameters: parameters, lineage: lineage(numbers: fractionalNumbers), fireTime: Fixtures.fire,
                parent: EventParentRun(namespace: "airflow/\u{1}", name: "dag \"x\"", runId: created.eventId)))
        return Fixtures.allEvents + [everything] + textEvents(trickyStrings.filter { !$0.isEmpty })
    }

    /// Values at the edges of their types, which the schema rejects but the writer must still match.
    /// (Times stay within 1677...2262, the instants `EventTimestamp.parse` reads back.)
    static var edgeEvents: [BatchwireEvent] {
        [
            .jobCreated(
                JobCreatedEvent(
                    timestamp: Date(timeIntervalSince1970: -86_400.001), node: "", jobName: "", jobInstanceId: -1,
                    jobExecutionId: .min, jobKey: "", parameters: JobParameters(), lineage: lineage(numbers: []))),
            .scheduleFire(
                ScheduleFireEvent(
                    sequence: .min, timestamp: Date(timeIntervalSince1970: 9_214_646_399.999), node: "", jobName: "",
                    schedule: "", fireTime: Date(timeIntervalSince1970: -8_520_336_000), outcome: .missed, policy: "",
                    reason: "", runningExecutionId: -1)),
        ]
    }

    /// One event of each type and shape per text, the text in every text field.
    static func textEvents(_ texts: [String]) -> [BatchwireEvent] {
        var events: [BatchwireEvent] = []
        for (index, text) in texts.enumerated() {
            let sequence = Int64(index + 2)
            events.append(
                .jobCreated(
                    JobCreatedEvent(
                        sequence: sequence, timestamp: Fixtures.instant, node: text, jobName: text, jobInstanceId: 1,
                        jobExecutionId: 2, jobKey: Fixtures.created.jobKey,
                        parameters: [text: JobParameter(.string(text))],
                        lineage: EventLineage(
                            inputs: [
                                EventDataset(namespace: text, name: text, facets: [text: ["_producer": .string(text)]])
                            ]),
                        parent: index.isMultiple(of: 2)
                            ? nil : EventParentRun(namespace: text, name: text, runId: Fixtures.parent.runId))))
            for status in BatchStatus.allCases {
                let previous: BatchStatus? = index.isMultiple(of: 2) ? nil : status
                events.append(
                    .jobStatusChanged(
                        JobStatusChangedEvent(
                            sequence: sequence, timestamp: Fixtures.instant, node: text, jobName: text,
                            jobInstanceId: 1, jobExecutionId: 2, previousStatus: previous, status: status,
                            exitCode: text, exitDescription: text, createTime: Fixtures.fire,
                            startTime: index % 3 == 0 ? nil : Fixtures.instant,
                            endTime: index % 4 == 0 ? nil : Fixtures.instant.addingTimeInterval(3_600))))
                events.append(
                    .stepStatusChanged(
                        StepStatusChangedEvent(
                            sequence: sequence, timestamp: Fixtures.instant, node: text, jobName: text,
                            jobInstanceId: 1, jobExecutionId: 2, stepExecutionId: Int64(index), stepName: text,
                            previousStatus: previous, status: status, exitCode: text, exitDescription: text,
                            createTime: Fixtures.fire, startTime: index % 3 == 1 ? nil : Fixtures.instant,
                            endTime: index % 4 == 1 ? nil : Fixtures.instant)))
            }
            for outcome in TriggerFireEvent.Outcome.allCases {
                events.append(
                    .triggerFire(
                        TriggerFireEvent(
                            sequence: sequence, timestamp: Fixtures.instant, node: text, jobName: text, trigger: text,
                            kind: index.isMultiple(of: 2) ? "mqtt" : "dataset", source: text, messageKey: text,
                            outcome: outcome, reason: text,
                            jobExecutionId: outcome == .started ? Int64(index) : nil,
                            runningExecutionId: outcome == .skipped ? Int64(index) : nil,
                            upstreamExecutionId: index.isMultiple(of: 2) ? nil : 7)))
            }
            for outcome in ScheduleFireEvent.Outcome.allCases {
                events.append(
                    .scheduleFire(
                        ScheduleFireEvent(
                            sequence: sequence, timestamp: Fixtures.instant, node: text, jobName: text,
                            schedule: text, fireTime: Fixtures.fire, outcome: outcome, policy: text, reason: text,
                            runningExecutionId: outcome == .skipped ? Int64(index) : nil)))
            }
        }
        return events
    }
}
