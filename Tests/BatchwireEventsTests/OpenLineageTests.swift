import BatchwireCore
import Foundation
import Testing

@testable import BatchwireMQTT

@Suite struct OpenLineageTests {
    let builder = OpenLineageEventBuilder()
    let context = OpenLineageRunContext(created: Fixtures.created)

    @Test func runIdIsAVersion5UUIDOfTheExecution() {
        // uuid.uuid5(uuid.NAMESPACE_URL, "batchwire:batchwire:42") in Python.
        #expect(builder.runId(executionId: 42).uuidString.lowercased() == "c4fe5220-a6d7-5ac7-8e82-d60c4b3567f9")
        #expect(
            OpenLineageEventBuilder.runId(namespace: "prod", executionId: 1).uuidString.lowercased()
                == "b96b2666-f9d9-5a26-9155-0555f6f5de77")
    }

    @Test func runIdIsTheSameOnEveryNodeAndDiffersPerExecution() {
        let otherNode = OpenLineageEventBuilder(namespace: "batchwire", engineVersion: "9.9.9")
        #expect(builder.runId(executionId: 42) == otherNode.runId(executionId: 42))
        #expect(builder.runId(executionId: 42) != builder.runId(executionId: 43))
        #expect(builder.runId(executionId: 42) != OpenLineageEventBuilder(namespace: "other").runId(executionId: 42))
        let started = builder.runEvent(for: Fixtures.status(.starting, .started), context: context)
        let completed = builder.runEvent(
            for: Fixtures.status(.started, .completed, exitCode: "COMPLETED", ended: true), context: context)
        #expect(started?.run.runId == completed?.run.runId)
    }

    @Test func sha1Vectors() {
        func hex(_ text: String) -> String {
            SHA1.digest(Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
        }
        #expect(hex("") == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(hex("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(hex(String(repeating: "a", count: 1000)) == "291e9a6c66994949b57ba5e650361e98fc36b1ba")
    }

    @Test func eventTypeMapping() {
        func type(_ previous: BatchStatus?, _ status: BatchStatus) -> OpenLineageEventType? {
            OpenLineageEventBuilder.eventType(for: Fixtures.status(previous, status))
        }
        #expect(type(nil, .starting) == nil)
        #expect(type(.starting, .started) == .start)
        #expect(type(.started, .stopping) == .running)
        #expect(type(.started, .completed) == .complete)
        #expect(type(.started, .failed) == .fail)
        #expect(type(.stopping, .stopped) == .abort)
        #expect(type(.starting, .abandoned) == .abort)
        #expect(type(.failed, .abandoned) == .other)
        #expect(type(.stopped, .abandoned) == .other)
        #expect(type(.started, .unknown) == .other)
        #expect(builder.runEvent(for: .jobCreated(Fixtures.created), context: context) == nil)
        #expect(builder.runEvent(for: .stepStatusChanged(Fixtures.step), context: context) == nil)
        #expect(builder.runEvent(for: .scheduleFire(Fixtures.skipped), context: context) == nil)
    }

    @Test func startCarriesLineageFacetsAndSpecFields() throws {
        let event = try #require(builder.runEvent(for: Fixtures.status(.starting, .started), context: context))
        #expect(event.eventType == .start)
        #expect(event.job.namespace == "batchwire" && event.job.name == "nightly-orders")
        #expect(event.inputs == Fixtures.lineage.inputs && event.outputs == Fixtures.lineage.outputs)
        #expect(event.schemaURL == "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent")
        #expect(event.producer == "urn:batchwire:0.1.0")
        #expect(event.eventTime == Fixtures.instant.addingTimeInterval(1), "START is stamped with the start time")
        let facets = event.run.facets
        #expect(facets["nominalTime"]?.objectValue?["nominalStartTime"] == "2026-01-15T02:30:00.000Z")
        #expect(facets["parent"]?.objectValue?["run"] == ["runId": "0f8e4c52-6f3d-4c9a-9d2e-1a2b3c4d5e6f"])
        #expect(facets["parent"]?.objectValue?["job"] == ["namespace": "airflow", "name": "nightly.orders"])
        #expect(facets["errorMessage"] == nil)
        #expect(facets["processing_engine"]?.objectValue?["name"] == "Batchwire")
        let jobType = try #require(event.job.facets["jobType"]?.objectValue)
        #expect(
            jobType["processingType"] == "BATCH" && jobType["integration"] == "BATCHWIRE" && jobType["jobType"] == "JOB"
        )
    }

    @Test func failCarriesTheExitDescription() throws {
        let change = Fixtures.status(
            .started, .failed, exitCode: "FAILED", description: "step extract failed", ended: true)
        let event = try #require(builder.runEvent(for: change, context: context))
        #expect(event.eventType == .fail)
        #expect(event.run.facets["errorMessage"]?.objectValue?["message"] == "step extract failed")
        #expect(
            event.eventTime == Fixtures.instant.addingTimeInterval(60), "terminal events are stamped with the end time")
        let bare = try #require(
            builder.runEvent(for: Fixtures.status(.started, .failed, exitCode: "FAILED", ended: true), context: .init())
        )
        #expect(bare.run.facets["errorMessage"]?.objectValue?["message"]?.stringValue?.contains("FAILED") == true)
        #expect(bare.run.facets["nominalTime"] == nil && bare.run.facets["parent"] == nil && bare.inputs.isEmpty)
    }

    @Test func everyLineageEventValidatesAgainstOpenLineageSchemas() throws {
        let schema = try TestSupport.openLineageSchema()
        let changes: [JobStatusChangedEvent] = [
            Fixtures.status(.starting, .started), Fixtures.status(.started, .stopping),
            Fixtures.status(.started, .completed, exitCode: "COMPLETED", ended: true),
            Fixtures.status(.started, .failed, exitCode: "FAILED", description: "boom\n\"quoted\"", ended: true),
            Fixtures.status(.stopping, .stopped, exitCode: "STOPPED", ended: true),
            Fixtures.status(.failed, .abandoned, exitCode: "ABANDONED", ended: true),
            Fixtures.status(.started, .unknown),
        ]
        var documents: [Data] = []
        for change in changes {
            for context in [context, OpenLineageRunContext()] {
                let event = try #require(builder.runEvent(for: change, context: context))
                documents.append(try event.jsonData())
            }
        }
        try TestSupport.validate(documents, against: schema)
    }

    @Test func aBrokenFacetFailsValidation() throws {
        // Guards the validator: an errorMessage facet without programmingLanguage must be rejected.
        let change = Fixtures.status(.started, .failed, exitCode: "FAILED", ended: true)
        var event = try #require(builder.runEvent(for: change, context: context))
        event.run.facets["errorMessage"] = [
            "_producer": "urn:batchwire:0.1.0", "_schemaURL": "https://example.com/schema", "message": "x",
        ]
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ol-\(UUID().uuidString).json")
        try event.jsonData().write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", TestSupport.testsDirectory.appendingPathComponent("validate.py").path,
            try TestSupport.openLineageSchema().path, file.path,
        ]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
    }

    @Test func runEventRoundTrip() throws {
        let event = try #require(builder.runEvent(for: Fixtures.status(.starting, .started), context: context))
        let decoded = try JSONDecoder().decode(OpenLineageRunEvent.self, from: event.jsonData())
        #expect(decoded == event)
    }
}
