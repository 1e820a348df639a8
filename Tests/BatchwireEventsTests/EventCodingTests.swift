import BatchwireCore
import Foundation
import Testing

@Suite struct EventCodingTests {
    @Test(arguments: Fixtures.allEvents)
    func roundTrip(event: BatchwireEvent) throws {
        let data = try event.jsonData()
        let decoded = try BatchwireEvent(jsonData: data)
        #expect(decoded == event)
        #expect(try decoded.jsonData() == data, "encoding is stable byte for byte")
    }

    @Test func everyEventValidatesAgainstTheDocumentedSchema() throws {
        try TestSupport.validate(Fixtures.allEvents.map { try $0.jsonData() }, against: TestSupport.eventsSchema)
    }

    @Test func everyTypeIsCovered() {
        #expect(Set(Fixtures.allEvents.map(\.type)) == Set(BatchwireEventType.allCases))
    }

    @Test func headerFields() throws {
        let json = try object(.jobCreated(Fixtures.created))
        #expect(json["schemaVersion"] as? Int == 1)
        #expect(json["type"] as? String == "job-created")
        #expect(json["eventId"] as? String == "1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed")
        #expect(json["sequence"] as? Int == 1)
        #expect(json["timestamp"] as? String == "2026-01-15T02:30:00.123Z")
        #expect(json["fireTime"] as? String == "2026-01-15T02:30:00.000Z")
        #expect(json["node"] as? String == "node-a")
    }

    @Test func parametersKeepOrderTypesAndIdentifyingFlags() throws {
        let json = try object(.jobCreated(Fixtures.created))
        let parameters = try #require(json["parameters"] as? [[String: Any]])
        #expect(parameters.map { $0["name"] as? String } == Fixtures.allParameterTypes.parameterNames)
        let byName = Dictionary(uniqueKeysWithValues: parameters.map { ($0["name"] as! String, $0) })
        #expect(byName["run.id"]?["type"] as? String == "java.lang.Long")
        #expect(byName["run.id"]?["value"] as? String == "42")
        #expect(byName["ratio"]?["identifying"] as? Bool == false)
        #expect(byName["at"]?["value"] as? String == "2026-01-15T02:30:00.123Z")
        #expect(byName["when"]?["value"] as? String == "2026-01-15T02:30:00.5")
        let decoded = try BatchwireEvent(jsonData: try BatchwireEvent.jobCreated(Fixtures.created).jsonData())
        guard case .jobCreated(let created) = decoded else { throw TestSetupError(description: "wrong case") }
        #expect(created.parameters.parameterNames == Fixtures.allParameterTypes.parameterNames)
    }

    @Test func optionalFieldsAreLeftOutNotNull() throws {
        let json = try object(.jobStatusChanged(Fixtures.status(nil, .starting)))
        #expect(json["previousStatus"] == nil)
        #expect(json["startTime"] == nil)
        #expect(json["endTime"] == nil)
        #expect(json["exitDescription"] as? String == "")
    }

    @Test func timestampsAreMillisecondsInUTC() throws {
        let event = JobStatusChangedEvent(
            sequence: 1, timestamp: Date(timeIntervalSince1970: 1_700_000_000.123_456_7), node: "n", jobName: "j",
            jobInstanceId: 1, jobExecutionId: 1, previousStatus: nil, status: .starting, exitCode: "UNKNOWN",
            createTime: Date(timeIntervalSince1970: -1.5))
        let json = try object(.jobStatusChanged(event))
        #expect(json["timestamp"] as? String == "2023-11-14T22:13:20.123Z")
        #expect(json["createTime"] as? String == "1969-12-31T23:59:58.500Z")
    }

    @Test func fromTheDomainTypes() throws {
        let instance = JobInstance(id: 3, jobName: "orders", jobKey: "d41d8cd98f00b204e9800998ecf8427e")
        var execution = JobExecution.starting(
            id: 11, jobInstance: instance, jobParameters: ["a": JobParameter(.long(1))],
            now: LocalDateTime(year: 2026, month: 1, day: 15, hour: 3, minute: 30)!)
        execution.status = .started
        execution.startTime = LocalDateTime(year: 2026, month: 1, day: 15, hour: 3, minute: 30, second: 1)
        let zone = try #require(TimeZone(identifier: "Europe/Berlin"))
        let change = JobStatusChangedEvent(
            execution: execution, previousStatus: .starting, node: "n", sequence: 3, timeZone: zone)
        #expect(EventTimestamp.format(change.createTime) == "2026-01-15T02:30:00.000Z")
        #expect(change.startTime.map(EventTimestamp.format) == "2026-01-15T02:30:01.000Z")
        #expect(change.status == .started && change.previousStatus == .starting && change.exitCode == "UNKNOWN")
        let created = JobCreatedEvent(execution: execution, lineage: Fixtures.lineage, node: "n")
        #expect(created.jobKey == instance.jobKey && created.jobExecutionId == 11 && created.sequence == 1)
        let step = StepExecution(
            id: 5, stepName: "load", jobExecutionId: 11, status: .started, createTime: execution.createTime)
        let stepEvent = StepStatusChangedEvent(
            step: step, of: execution, previousStatus: .starting, node: "n", sequence: 4, timeZone: zone)
        #expect(stepEvent.stepName == "load" && stepEvent.exitCode == "EXECUTING" && stepEvent.jobInstanceId == 3)
    }

    @Test func unknownTypeIsAClearError() throws {
        let payload = #"{"schemaVersion":1,"type":"job-exploded","eventId":"1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed"}"#
        let error = #expect(throws: DecodingError.self) { try BatchwireEvent(jsonData: Data(payload.utf8)) }
        #expect(String(describing: error).contains("unknown event type 'job-exploded'"))
    }

    @Test func newerSchemaVersionSaysToUpgrade() throws {
        var json = try object(.scheduleFire(Fixtures.skipped))
        json["schemaVersion"] = 2
        let data = try JSONSerialization.data(withJSONObject: json)
        let error = #expect(throws: DecodingError.self) { try BatchwireEvent(jsonData: data) }
        #expect(String(describing: error).contains("upgrade Batchwire"))
    }

    @Test func unknownFieldsAreIgnoredWhenReading() throws {
        let step = Fixtures.step
        var json = try object(.stepStatusChanged(step))
        json["addedInALaterRelease"] = ["x": 1]
        let decoded = try BatchwireEvent(jsonData: JSONSerialization.data(withJSONObject: json))
        #expect(decoded == .stepStatusChanged(step))
    }

    @Test func orderingKeys() {
        #expect(BatchwireEvent.jobCreated(Fixtures.created).orderingKey == "execution:42")
        #expect(BatchwireEvent.stepStatusChanged(Fixtures.step).orderingKey == "execution:42")
        #expect(BatchwireEvent.scheduleFire(Fixtures.skipped).orderingKey == "schedule:nightly-orders#0")
        #expect(BatchwireEvent.scheduleFire(Fixtures.skipped).jobExecutionId == nil)
    }

    @Test func schemaRejectsAWrongPayload() throws {
        // The validator really validates: a payload with a bad status must fail it.
        var json = try object(.jobStatusChanged(Fixtures.status(.starting, .started)))
        json["status"] = "RUNNING"
        let bad = try JSONSerialization.data(withJSONObject: json)
        let process = Process()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).json")
        try bad.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", TestSupport.testsDirectory.appendingPathComponent("validate.py").path,
            TestSupport.eventsSchema.path, file.path,
        ]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
    }

    private func object(_ event: BatchwireEvent) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: event.jsonData()) as? [String: Any])
    }
}
