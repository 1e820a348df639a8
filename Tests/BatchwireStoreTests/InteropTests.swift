import BatchwireCore
import BatchwireStore
import Foundation
import Testing

@Suite("Interop with rows as Spring Batch 5 writes them")
struct InteropTests {
    @Test("rows written exactly as Spring writes them are read and restarted", arguments: TestBackend.allCases)
    func readsSpringRows(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            let n = t.names
            // What a Spring Batch 5.2 application leaves after a FAILED run of name=foo, run.id=1.
            try await t.raw.execute("UPDATE \(n.jobSequence) SET ID = 41")
            try await t.raw.execute("UPDATE \(n.jobExecutionSequence) SET ID = 77")
            try await t.raw.execute("UPDATE \(n.stepExecutionSequence) SET ID = 300")
            try await t.raw.execute(
                "INSERT INTO \(n.jobInstance) (JOB_INSTANCE_ID, JOB_NAME, JOB_KEY, VERSION) VALUES (41, 'importJob', ?, 0)",
                [Fixtures.specJobKey])
            try await t.raw.execute(
                "INSERT INTO \(n.jobExecution) (JOB_EXECUTION_ID, JOB_INSTANCE_ID, START_TIME, END_TIME, STATUS, EXIT_CODE, "
                    + "EXIT_MESSAGE, VERSION, CREATE_TIME, LAST_UPDATED) VALUES (77, 41, '2024-01-15 10:30:00.250000', "
                    + "'2024-01-15 10:31:00.000000', 'FAILED', 'FAILED', 'java.lang.IllegalStateException: boom', 2, "
                    + "'2024-01-15 10:29:59.999999', '2024-01-15 10:31:00.000000')")
            try await t.raw.execute(
                "INSERT INTO \(n.jobExecutionParams) (JOB_EXECUTION_ID, PARAMETER_NAME, PARAMETER_TYPE, PARAMETER_VALUE, IDENTIFYING) "
                    + "VALUES (77, 'name', 'java.lang.String', 'foo', 'Y'), (77, 'run.id', 'java.lang.Long', '1', 'Y'), "
                    + "(77, 'started', 'java.util.Date', '2024-01-15T10:30:00.123Z', 'N')")
            try await t.raw.execute(
                "INSERT INTO \(n.jobExecutionContext) (JOB_EXECUTION_ID, SHORT_CONTEXT, SERIALIZED_CONTEXT) VALUES (77, ?, NULL)",
                [Fixtures.versionContext])
            try await t.raw.execute(
                "INSERT INTO \(n.stepExecution) (STEP_EXECUTION_ID, VERSION, STEP_NAME, JOB_EXECUTION_ID, CREATE_TIME, START_TIME, "
                    + "END_TIME, STATUS, COMMIT_COUNT, READ_COUNT, FILTER_COUNT, WRITE_COUNT, READ_SKIP_COUNT, WRITE_SKIP_COUNT, "
                    + "PROCESS_SKIP_COUNT, ROLLBACK_COUNT, EXIT_CODE, EXIT_MESSAGE, LAST_UPDATED) VALUES (300, 3, 'step1', 77, "
                    + "'2024-01-15 10:30:00.300000', '2024-01-15 10:30:00.300000', '2024-01-15 10:31:00.000000', 'FAILED', 1, "
                    + "10, 0, 10, 0, 0, 0, 1, 'FAILED', '', '2024-01-15 10:31:00.000000')")
            try await t.raw.execute(
                "INSERT INTO \(n.stepExecutionContext) (STEP_EXECUTION_ID, SHORT_CONTEXT, SERIALIZED_CONTEXT) VALUES (300, ?, NULL)",
                [Fixtures.emptyContext])

            let parameters = Fixtures.specParameters.adding("started", .date(millisecondsSince1970: 1_705_314_600_123), identifying: false)
            let execution = try #require(try await t.explorer.getJobExecution(id: 77))
            #expect(execution.jobInstance == JobInstance(id: 41, version: 0, jobName: "importJob", jobKey: Fixtures.specJobKey))
            #expect(execution.jobParameters == parameters)
            #expect(execution.status == .failed)
            #expect(execution.version == 2)
            #expect(execution.exitStatus == ExitStatus("FAILED", description: "java.lang.IllegalStateException: boom"))
            #expect(execution.createTime == LocalDateTime(year: 2024, month: 1, day: 15, hour: 10, minute: 29, second: 59, nanosecond: 999_999_000))
            #expect(execution.startTime == LocalDateTime(year: 2024, month: 1, day: 15, hour: 10, minute: 30, nanosecond: 250_000_000))
            #expect(execution.executionContext.string(forKey: "batch.version") == "5.2.6")
            #expect(execution.stepExecutions.count == 1)
            #expect(execution.stepExecutions[0].readCount == 10)
            #expect(execution.stepExecutions[0].rollbackCount == 1)

            // The key Batchwire computes finds Spring's instance; a restart reuses it and copies the context.
            let last = try #require(try await t.repository.getLastJobExecution(jobName: "importJob", parameters: Fixtures.specParameters))
            #expect(last.id == 77)
            let restart = try await t.repository.createJobExecution(jobName: "importJob", parameters: parameters)
            #expect(restart.jobInstance.id == 41)
            #expect(restart.id == 78)
            #expect(restart.executionContext.string(forKey: "batch.version") == "5.2.6")
            let lastStep = try await t.repository.getLastStepExecution(jobInstance: restart.jobInstance, stepName: "step1")
            #expect(lastStep?.id == 300)
        }
    }

    @Test("rows Batchwire writes hold what Spring would hold", arguments: TestBackend.allCases)
    func writesSpringRows(backend: TestBackend) async throws {
        try await TestStore.with(backend, configure: { $0.timeZone = TimeZone(identifier: "Europe/Paris")! }) { t in
            let n = t.names
            var execution = try await t.repository.createJobExecution(jobName: "exportJob", parameters: Fixtures.specParameters)
            #expect(try await t.raw.rows("SELECT JOB_INSTANCE_ID, JOB_NAME, JOB_KEY, VERSION FROM \(n.jobInstance)")
                == [["1", "exportJob", Fixtures.specJobKey, "0"]])
            #expect(try await t.raw.rows(
                "SELECT JOB_EXECUTION_ID, JOB_INSTANCE_ID, START_TIME, END_TIME, STATUS, EXIT_CODE, EXIT_MESSAGE, VERSION FROM \(n.jobExecution)")
                == [["1", "1", nil, nil, "STARTING", "UNKNOWN", "", "0"]])
            let params = try await t.raw.rows(
                "SELECT PARAMETER_NAME, PARAMETER_TYPE, PARAMETER_VALUE, IDENTIFYING FROM \(n.jobExecutionParams) ORDER BY PARAMETER_NAME")
            #expect(params == [["name", "java.lang.String", "foo", "Y"], ["run.id", "java.lang.Long", "1", "Y"]])
            #expect(try await t.raw.rows("SELECT SHORT_CONTEXT, SERIALIZED_CONTEXT FROM \(n.jobExecutionContext)")
                == [[Fixtures.emptyContext, nil]])
            #expect(try await t.raw.scalar("SELECT ID FROM \(n.jobSequence)") == "1")
            #expect(try await t.raw.scalar("SELECT ID FROM \(n.jobExecutionSequence)") == "1")

            execution.executionContext["batch.version"] = .string("5.2.6")
            try await t.repository.updateExecutionContext(of: execution)
            #expect(try await t.raw.scalar("SELECT SHORT_CONTEXT FROM \(n.jobExecutionContext)") == Fixtures.versionContext)

            // CREATE_TIME is the configured zone's wall-clock time, as Spring's LocalDateTime.now().
            let paris = LocalDateTime.now(in: TimeZone(identifier: "Europe/Paris")!)
            let stored = try #require(try await t.explorer.getJobExecution(id: execution.id)).createTime
            let drift = abs(stored.instant(offsetSeconds: 0).timeIntervalSince(paris.instant(offsetSeconds: 0)))
            #expect(drift < 60)
            #expect(stored == execution.createTime)

            let step = try await t.repository.createStepExecution(stepName: "step1", jobExecutionID: execution.id)
            let stepRow = try await t.raw.rows(
                "SELECT STEP_EXECUTION_ID, VERSION, STEP_NAME, STATUS, EXIT_CODE, EXIT_MESSAGE, COMMIT_COUNT, READ_COUNT, "
                    + "ROLLBACK_COUNT FROM \(n.stepExecution)")
            #expect(stepRow == [[String(step.id), "0", "step1", "STARTING", "EXECUTING", "", "0", "0", "0"]])
            #expect(try await t.raw.scalar("SELECT SHORT_CONTEXT FROM \(n.stepExecutionContext)") == Fixtures.emptyContext)
        }
    }
}

@Suite("Spring contexts holding values beyond the five scalars")
struct SpringObjectContextTests {
    /// Inserts instance 41, execution 77 and step 300 of `importJob`, with the given contexts.
    private func insertRun(_ t: TestStore, jobContext: String, stepContext: String) async throws {
        let n = t.names
        try await t.raw.execute(
            "INSERT INTO \(n.jobInstance) (JOB_INSTANCE_ID, JOB_NAME, JOB_KEY, VERSION) VALUES (41, 'importJob', ?, 0)",
            [Fixtures.specJobKey])
        try await t.raw.execute(
            "INSERT INTO \(n.jobExecution) (JOB_EXECUTION_ID, JOB_INSTANCE_ID, START_TIME, END_TIME, STATUS, EXIT_CODE, "
                + "EXIT_MESSAGE, VERSION, CREATE_TIME, LAST_UPDATED) VALUES (77, 41, '2024-01-15 10:30:00.250000', "
                + "'2024-01-15 10:31:00.000000', 'FAILED', 'FAILED', '', 2, "
                + "'2024-01-15 10:29:59.999999', '2024-01-15 10:31:00.000000')")
        try await t.raw.execute(
            "INSERT INTO \(n.jobExecutionContext) (JOB_EXECUTION_ID, SHORT_CONTEXT, SERIALIZED_CONTEXT) VALUES (77, ?, NULL)",
            [jobContext])
        try await t.raw.execute(
            "INSERT INTO \(n.stepExecution) (STEP_EXECUTION_ID, VERSION, STEP_NAME, JOB_EXECUTION_ID, CREATE_TIME, START_TIME, "
                + "END_TIME, STATUS, COMMIT_COUNT, READ_COUNT, FILTER_COUNT, WRITE_COUNT, READ_SKIP_COUNT, WRITE_SKIP_COUNT, "
                + "PROCESS_SKIP_COUNT, ROLLBACK_COUNT, EXIT_CODE, EXIT_MESSAGE, LAST_UPDATED) VALUES (300, 3, 'step1', 77, "
                + "'2024-01-15 10:30:00.300000', '2024-01-15 10:30:00.300000', '2024-01-15 10:31:00.000000', 'FAILED', 1, "
                + "10, 0, 10, 0, 0, 0, 1, 'FAILED', '', '2024-01-15 10:31:00.000000')")
        try await t.raw.execute(
            "INSERT INTO \(n.stepExecutionContext) (STEP_EXECUTION_ID, SHORT_CONTEXT, SERIALIZED_CONTEXT) VALUES (300, ?, NULL)",
            [stepContext])
    }

    @Test("a step context with a java.util.Date is read, and rewritten as Spring wrote it", arguments: TestBackend.allCases)
    func readsADateContext(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            try await insertRun(t, jobContext: Fixtures.versionContext, stepContext: Fixtures.dateContext)
            let execution = try #require(try await t.explorer.getJobExecution(id: 77))
            let step = try #require(execution.stepExecutions.first)
            #expect(step.executionContext.long(forKey: "reader.read.count") == 42)
            #expect(step.executionContext.javaObject(forKey: "reader.lastRun")?.reading == .date(epochMilliseconds: 1_705_314_600_123))
            #expect(try await t.explorer.getJobExecutions(jobName: "importJob", start: 0, count: 10).count == 1)

            try await t.repository.updateExecutionContext(of: step)
            let rows = try await t.raw.rows(
                "SELECT SHORT_CONTEXT FROM \(t.names.stepExecutionContext) WHERE STEP_EXECUTION_ID = 300")
            #expect(rows.first?.first == Fixtures.dateContext)
        }
    }

    @Test("a context no reader can decode hides neither the execution nor the instance from listings",
          arguments: TestBackend.allCases)
    func listingsDoNotDecodeContexts(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            try await insertRun(t, jobContext: Fixtures.versionContext, stepContext: Fixtures.truncatedContext)
            let instance = try #require(try await t.explorer.getJobInstance(id: 41))
            let listed = try await t.explorer.getJobExecutions(
                jobName: "importJob", start: 0, count: 10, includingContexts: false)
            #expect(listed.map(\.id) == [77])
            #expect(listed.first?.stepExecutions.map(\.id) == [300])
            let ofInstance = try await t.explorer.getJobExecutions(jobInstance: instance, includingContexts: false)
            #expect(ofInstance.map(\.id) == [77])
            #expect(try await t.explorer.getJobExecution(id: 77, includingContexts: false)?.status == .failed)
            await #expect(throws: StoreError.self) { try await t.explorer.getJobExecution(id: 77) }
        }
    }
}
