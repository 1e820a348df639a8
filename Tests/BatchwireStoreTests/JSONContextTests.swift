import BatchwireCore
import BatchwireStore
import Testing

@Suite struct JSONContextTests {
    @Test("a store configured for JSON contexts writes Jackson's layout and reads it back", arguments: TestBackend.allCases)
    func jsonContexts(backend: TestBackend) async throws {
        try await TestStore.with(backend, configure: { $0.contextSerializer = JacksonExecutionContextSerializer() }) { t in
            var execution = try await t.repository.createJobExecution(jobName: "json-ctx", parameters: Fixtures.parameters(run: 1))
            execution.executionContext["file"] = .string("orders-2026-11-22.csv")
            execution.executionContext["read.count"] = .long(42)
            try await t.repository.updateExecutionContext(of: execution)

            let stored = try await t.raw.scalar(
                "SELECT SHORT_CONTEXT FROM \(t.names.jobExecutionContext) WHERE JOB_EXECUTION_ID = ?", [String(execution.id)])
            #expect(stored == JacksonExecutionContextSerializer().serialize(execution.executionContext))
            #expect(stored?.hasPrefix(#"{"@class":"java.util.HashMap""#) == true)
            #expect(stored?.contains(#""read.count":["java.lang.Long",42]"#) == true)

            let loaded = try #require(try await t.explorer.getJobExecution(id: execution.id))
            #expect(loaded.executionContext == execution.executionContext)
        }
    }
}
