import BatchwireCore
import BatchwireStore
import Foundation
import MySQLClient
import Testing

@Suite("The SYSTEM_ table prefix end to end")
struct SystemPrefixTests {
    /// On MySQL the test uses the literal `SYSTEM_` prefix with Spring's exact constraint names, which are
    /// unique per database: a server-wide named lock keeps concurrent runs of this test apart.
    static func withSystemLock(_ backend: TestBackend, _ body: () async throws -> Void) async throws {
        guard backend == .mysql else { return try await body() }
        let connection = try await MySQLConnection.connect(configuration: try MySQLTestEnvironment.configuration())
        let locked = try await connection.query("SELECT GET_LOCK('batchwire_store_tests_system_prefix', 120) AS L")
        #expect(try locked.first?.int64("L") == 1)
        do {
            try await body()
        } catch {
            _ = try? await connection.query("SELECT RELEASE_LOCK('batchwire_store_tests_system_prefix')")
            await connection.close()
            throw error
        }
        _ = try? await connection.query("SELECT RELEASE_LOCK('batchwire_store_tests_system_prefix')")
        await connection.close()
    }

    @Test("SYSTEM_ applies to every table and sequence; launch, steps, update and explorer work", arguments: TestBackend.allCases)
    func systemPrefix(backend: TestBackend) async throws {
        try await Self.withSystemLock(backend) {
            let t = try await TestStore.make(backend, prefix: "SYSTEM_", naming: .spring, initialize: false)
            do {
                try await t.store.dropSchema()  // leftovers of an interrupted run
                let report = try await t.store.initializeSchema()
                #expect(report.isMatching, "\(report)")
                #expect(report.checkedTables.allSatisfy { $0.hasPrefix("SYSTEM_") })
                #expect(report.checkedTables.contains("SYSTEM_JOB_SEQ"))
                try await t.store.verifySchema()

                var execution = try await t.repository.createJobExecution(jobName: "sys", parameters: Fixtures.specParameters)
                var step = try await t.repository.createStepExecution(stepName: "only", jobExecutionID: execution.id)
                step.status = .completed
                step.exitStatus = .completed
                try await t.repository.update(&step)
                execution.status = .completed
                execution.exitStatus = .completed
                execution.endTime = t.repository.now()
                try await t.repository.update(&execution)

                #expect(try await t.raw.scalar("SELECT ID FROM SYSTEM_JOB_SEQ") == "1")
                #expect(try await t.raw.scalar("SELECT ID FROM SYSTEM_JOB_EXECUTION_SEQ") == "1")
                #expect(try await t.raw.scalar("SELECT ID FROM SYSTEM_STEP_EXECUTION_SEQ") == "1")
                #expect(try await t.raw.scalar("SELECT JOB_KEY FROM SYSTEM_JOB_INSTANCE") == Fixtures.specJobKey)
                #expect(try await t.raw.scalar("SELECT STATUS FROM SYSTEM_JOB_EXECUTION") == "COMPLETED")
                #expect(try await t.raw.scalar("SELECT COUNT(*) FROM SYSTEM_JOB_EXECUTION_PARAMS") == "2")
                #expect(try await t.raw.scalar("SELECT STATUS FROM SYSTEM_STEP_EXECUTION") == "COMPLETED")
                if backend == .mysql {
                    let fks = try await t.raw.rows(
                        "SELECT CONSTRAINT_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() "
                            + "AND TABLE_NAME LIKE 'SYSTEM\\_%' ORDER BY CONSTRAINT_NAME")
                    #expect(fks.map { $0[0] } == ["JOB_EXEC_CTX_FK", "JOB_EXEC_PARAMS_FK", "JOB_EXEC_STEP_FK", "JOB_INST_EXEC_FK", "STEP_EXEC_CTX_FK"])
                }

                #expect(try await t.explorer.getJobNames() == ["sys"])
                let loaded = try #require(try await t.explorer.getJobExecution(id: execution.id))
                #expect(loaded.status == .completed)
                #expect(loaded.stepExecutions.map(\.status) == [.completed])
                let error = await #expect(throws: StoreError.self) {
                    _ = try await t.repository.createJobExecution(jobName: "sys", parameters: Fixtures.specParameters)
                }
                #expect(error?.code == .jobInstanceAlreadyComplete)

                // The 6.x sequence name is an option.
                var sixConfiguration = t.store.configuration
                sixConfiguration.jobSequence = .spring6
                let six = try await MetadataStore.open(sixConfiguration, logger: TestStore.logger)
                let sixReport = try await six.checkSchema()
                #expect(sixReport.differences.map(\.description) == ["table SYSTEM_JOB_INSTANCE_SEQ is missing"])
                await six.close()

                try await t.store.dropSchema()
            } catch {
                try? await t.store.dropSchema()
                await t.close()
                throw error
            }
            await t.close()
        }
    }
}
