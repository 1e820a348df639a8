import BatchwireCore
import BatchwireStore
import Foundation
import Testing

@Suite("Contexts and parameters as Spring stores them")
struct ContextAndParameterTests {
    @Test("a context over 2,500 characters is split: 2,492 + \" ...\" short, the whole in SERIALIZED_CONTEXT", arguments: TestBackend.allCases)
    func longContextSplit(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            var execution = try await t.repository.createJobExecution(jobName: "ctx", parameters: Fixtures.parameters(run: 1))
            let table = t.names.jobExecutionContext
            var row = try await t.raw.rows(
                "SELECT SHORT_CONTEXT, SERIALIZED_CONTEXT FROM \(table) WHERE JOB_EXECUTION_ID = ?", [String(execution.id)])
            #expect(row == [[Fixtures.emptyContext, nil]])

            execution.executionContext["payload"] = .string(String(repeating: "x", count: 3000))
            execution.executionContext["count"] = .long(7)
            try await t.repository.updateExecutionContext(of: execution)
            row = try await t.raw.rows(
                "SELECT SHORT_CONTEXT, SERIALIZED_CONTEXT FROM \(table) WHERE JOB_EXECUTION_ID = ?", [String(execution.id)])
            let short = try #require(row[0][0])
            let serialized = try #require(row[0][1])
            #expect(serialized.count > 2500)
            #expect(short.count == 2496)
            #expect(short.hasSuffix(" ..."))
            #expect(short.dropLast(4) == serialized.prefix(2492))
            #expect(serialized == JavaExecutionContextSerializer().serialize(execution.executionContext))

            let loaded = try #require(try await t.explorer.getJobExecution(id: execution.id))
            #expect(loaded.executionContext == execution.executionContext)

            // Back under the limit: SERIALIZED_CONTEXT returns to NULL.
            execution.executionContext["payload"] = nil
            try await t.repository.updateExecutionContext(of: execution)
            #expect(try await t.raw.scalar("SELECT SERIALIZED_CONTEXT FROM \(table)") == nil)

            var step = try await t.repository.createStepExecution(stepName: "s", jobExecutionID: execution.id)
            step.executionContext["big"] = .string(String(repeating: "ß", count: 2000))
            try await t.repository.updateExecutionContext(of: step)
            let stepRow = try await t.raw.rows(
                "SELECT SHORT_CONTEXT, SERIALIZED_CONTEXT FROM \(t.names.stepExecutionContext) WHERE STEP_EXECUTION_ID = ?",
                [String(step.id)])
            #expect(stepRow[0][0]?.count == 2496)
            #expect(try await t.explorer.getStepExecution(jobExecutionID: execution.id, stepExecutionID: step.id)?
                .executionContext == step.executionContext)
        }
    }

    @Test("non-ASCII parameter names and values round-trip and give Spring's JOB_KEY", arguments: TestBackend.allCases)
    func nonASCIIParameters(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            let parameters: JobParameters = [
                "città": JobParameter(.string("Grüße aus 東京 🚀 — «ok»")),
                "emoji.𝄞": JobParameter(.string("𝄞 clef"), identifying: false),
                "day": JobParameter(.localDate(LocalDate(year: 2024, month: 1, day: 15)!)),
                "at": JobParameter(.localDateTime(LocalDateTime(year: 2024, month: 1, day: 15, hour: 10, minute: 30)!)),
                "ratio": JobParameter(.double(1.0e7)),
                "when": JobParameter(.date(millisecondsSince1970: 1_705_314_600_123), identifying: false),
                "flag": JobParameter(.boolean(true), identifying: false),
                "n": JobParameter(.integer(5)),
            ]
            let execution = try await t.repository.createJobExecution(jobName: "unicode ✓", parameters: parameters)
            #expect(execution.jobInstance.jobKey == JobKeyGenerator().key(for: parameters))
            let loaded = try #require(try await t.explorer.getJobExecution(id: execution.id))
            #expect(loaded.jobParameters == parameters)
            #expect(loaded.jobName == "unicode ✓")
            let rows = try await t.raw.rows(
                "SELECT PARAMETER_NAME, PARAMETER_TYPE, PARAMETER_VALUE, IDENTIFYING FROM \(t.names.jobExecutionParams) "
                    + "WHERE JOB_EXECUTION_ID = ?", [String(execution.id)])
            let byName = Dictionary(uniqueKeysWithValues: rows.map { ($0[0]!, Array($0.dropFirst())) })
            #expect(byName["città"] == ["java.lang.String", "Grüße aus 東京 🚀 — «ok»", "Y"])
            #expect(byName["emoji.𝄞"] == ["java.lang.String", "𝄞 clef", "N"])
            #expect(byName["day"] == ["java.time.LocalDate", "2024-01-15", "Y"])
            #expect(byName["at"] == ["java.time.LocalDateTime", "2024-01-15T10:30:00", "Y"])
            #expect(byName["ratio"] == ["java.lang.Double", "1.0E7", "Y"])
            #expect(byName["when"] == ["java.util.Date", "2024-01-15T10:30:00.123Z", "N"])
            #expect(byName["flag"] == ["java.lang.Boolean", "true", "N"])
            #expect(byName["n"] == ["java.lang.Integer", "5", "Y"])
            #expect(try await t.repository.getLastJobExecution(jobName: "unicode ✓", parameters: parameters)?.id == execution.id)
        }
    }
}
