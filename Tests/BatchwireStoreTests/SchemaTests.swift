import BatchwireCore
import BatchwireStore
import BatchwireTestBasics
import Foundation
import Testing

@Suite("Schema: init and check")
struct SchemaTests {
    @Test("init creates all tables, seeds each sequence once, and is idempotent", arguments: TestBackend.allCases)
    func initIsIdempotent(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            for _ in 0..<2 {
                let report = try await t.store.initializeSchema()
                #expect(report.isMatching, "\(report)")
                #expect(report.checkedTables.count == 18)  // 9 of Spring's, 9 of Batchwire's (BW_TRIGGER_FIRE the newest)
            }
            for sequence in [t.names.jobSequence, t.names.jobExecutionSequence, t.names.stepExecutionSequence] {
                let rows = try await t.raw.rows("SELECT ID, UNIQUE_KEY FROM \(sequence)")
                #expect(rows == [["0", "0"]], "\(sequence)")
            }
            try await t.store.verifySchema()
        }
    }

    @Test("check reports a dropped column, an altered type, nullability and a missing table", arguments: TestBackend.allCases)
    func checkDetectsDamage(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            let n = t.names
            switch backend {
            case .mysql:
                try await t.raw.execute("ALTER TABLE \(n.jobExecution) DROP COLUMN EXIT_MESSAGE")
                try await t.raw.execute("ALTER TABLE \(n.stepExecution) MODIFY EXIT_CODE VARCHAR(100)")
                try await t.raw.execute("ALTER TABLE \(n.stepExecution) MODIFY VERSION BIGINT NULL")
            case .sqlite:
                try await t.raw.execute("ALTER TABLE \(n.jobExecution) DROP COLUMN EXIT_MESSAGE")
                try await t.raw.execute("DROP TABLE \(n.stepExecutionContext)")
                try await t.raw.execute("DROP TABLE \(n.stepExecution)")
                try await t.raw.execute(
                    "CREATE TABLE \(n.stepExecution) (STEP_EXECUTION_ID BIGINT NOT NULL PRIMARY KEY, VERSION BIGINT, "
                        + "STEP_NAME VARCHAR(100) NOT NULL, JOB_EXECUTION_ID BIGINT NOT NULL, CREATE_TIME DATETIME(6) NOT NULL, "
                        + "START_TIME DATETIME(6) DEFAULT NULL, END_TIME DATETIME(6) DEFAULT NULL, STATUS VARCHAR(10), "
                        + "COMMIT_COUNT BIGINT, READ_COUNT BIGINT, FILTER_COUNT BIGINT, WRITE_COUNT BIGINT, READ_SKIP_COUNT BIGINT, "
                        + "WRITE_SKIP_COUNT BIGINT, PROCESS_SKIP_COUNT BIGINT, ROLLBACK_COUNT BIGINT, EXIT_CODE VARCHAR(100), "
                        + "EXIT_MESSAGE VARCHAR(2500), LAST_UPDATED DATETIME(6), constraint JOB_EXEC_STEP_FK foreign key "
                        + "(JOB_EXECUTION_ID) references \(n.jobExecution)(JOB_EXECUTION_ID))")
            }
            try await t.raw.execute("DROP TABLE \(n.commandKey)")

            let report = try await t.store.checkSchema()
            let kinds = report.differences.map { "\($0.kind):\($0.table):\($0.column ?? "")" }
            #expect(kinds.contains("missingColumn:\(n.jobExecution):EXIT_MESSAGE"), "\(report)")
            #expect(kinds.contains("wrongType:\(n.stepExecution):EXIT_CODE"), "\(report)")
            #expect(kinds.contains("wrongNullability:\(n.stepExecution):VERSION"), "\(report)")
            #expect(kinds.contains("missingTable:\(n.commandKey):"), "\(report)")
            if backend == .sqlite {
                #expect(kinds.contains("missingTable:\(n.stepExecutionContext):"), "\(report)")
            }
            let wrongType = try #require(report.differences.first { $0.kind == .wrongType })
            #expect(wrongType.description == "table \(n.stepExecution): column EXIT_CODE has type VARCHAR(100), expected VARCHAR(2500)")

            let error = await #expect(throws: StoreError.self) { try await t.store.verifySchema() }
            #expect(error?.code == .schemaMismatch)
            #expect(error?.message.contains("column EXIT_MESSAGE is missing") == true)
            #expect(error?.message.contains("\(n.commandKey) is missing") == true)

            // init does not repair altered tables, but creates missing ones.
            let after = try await t.store.initializeSchema()
            #expect(!after.differences.contains { $0.kind == .missingTable && $0.table == n.commandKey })
            #expect(after.differences.contains { $0.kind == .missingColumn })
        }
    }

    @Test("an empty database is refused at startup with advice to run db init", arguments: TestBackend.allCases)
    func emptyDatabaseRefused(backend: TestBackend) async throws {
        let t = try await TestStore.make(backend, initialize: false)
        let error = await #expect(throws: StoreError.self) { try await t.store.verifySchema() }
        #expect(error?.code == .schemaMismatch)
        #expect(error?.message.contains("batchwire db init") == true)
        await t.close()
    }

    @Test("an unseeded or extra column in Spring's tables is reported", arguments: TestBackend.allCases)
    func sequenceAndExtraColumn(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            try await t.raw.execute("DELETE FROM \(t.names.jobSequence)")
            try await t.raw.execute("ALTER TABLE \(t.names.jobInstance) ADD COLUMN OWNER VARCHAR(10)")
            let report = try await t.store.checkSchema()
            #expect(report.differences.contains { $0.kind == .sequenceNotSeeded && $0.table == t.names.jobSequence })
            #expect(report.differences.contains { $0.kind == .unexpectedColumn && $0.column == "OWNER" })
            let error = await #expect(throws: StoreError.self) {
                _ = try await t.repository.createJobExecution(jobName: "j", parameters: JobParameters())
            }
            #expect(error?.code == .schemaMismatch)
        }
    }

    @Test("the MySQL DDL is Spring Batch 5's, prefix applied everywhere")
    func mysqlDDLMatchesSpring() throws {
        let schema = MetadataSchema(prefix: "SYSTEM_")
        let ddl = schema.createStatements(for: .mysql).joined(separator: ";\n")
        #expect(ddl.contains("CREATE TABLE IF NOT EXISTS SYSTEM_JOB_SEQ ("))
        #expect(ddl.contains("constraint JOB_INST_UN unique (JOB_NAME, JOB_KEY)"))
        #expect(ddl.contains("constraint JOB_INST_EXEC_FK foreign key (JOB_INSTANCE_ID) references SYSTEM_JOB_INSTANCE(JOB_INSTANCE_ID)"))
        #expect(ddl.contains("START_TIME DATETIME(6) DEFAULT NULL"))
        #expect(ddl.contains("STEP_EXECUTION_ID BIGINT NOT NULL PRIMARY KEY"))
        #expect(!ddl.contains("BATCH_"))
        #expect(MetadataSchema(prefix: "X_", jobSequence: .spring6).names.jobSequence == "X_JOB_INSTANCE_SEQ")
        #expect(MetadataSchema(prefix: "X_", constraintNaming: .prefixed).springTables[1].foreignKeys[0].name == "X_JOB_INST_EXEC_FK")
    }

    /// The vendored spec (`Tests/Fixtures/spec/spring-batch-schema.json`).
    static let specURL = TestFixtures.springBatchSchema

    @Test(
        "the Spring tables match spec/spring-batch-schema.json column for column",
        .enabled(if: FileManager.default.fileExists(atPath: specURL.path), "Tests/Fixtures/spec/spring-batch-schema.json is missing"))
    func springTablesMatchSpecJSON() throws {
        let data = try Data(contentsOf: Self.specURL)
        let spec = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: Any]])
        let schema = MetadataSchema()
        #expect(Set(spec.keys) == Set(schema.springTables.map(\.name)))
        for table in schema.springTables {
            let entry = try #require(spec[table.name])
            let columns = try #require(entry["columns"] as? [[String: Any]])
            #expect(columns.map { $0["column"] as? String } == table.columns.map(\.name), "\(table.name)")
            #expect(columns.map { $0["type"] as? String } == table.columns.map(\.mysqlType), "\(table.name)")
            #expect(columns.map { $0["nullable"] as? Bool } == table.columns.map(\.nullable), "\(table.name)")
            #expect((entry["primary_key"] as? [String]) == table.primaryKey, "\(table.name)")
            let uniques = (entry["unique_keys"] as? [[String: Any]] ?? []).map { "\($0["name"]!)\($0["columns"]!)" }
            #expect(uniques == table.uniqueKeys.map { "\($0.name)\($0.columns)" }, "\(table.name)")
            let foreign = (entry["foreign_keys"] as? [[String: Any]] ?? []).map {
                "\($0["name"]!)\($0["columns"]!)\($0["references_table"]!)\($0["references_columns"]!)"
            }
            #expect(foreign == table.foreignKeys.map { "\($0.name)\($0.columns)\($0.referencedTable)\($0.referencedColumns)" })
        }
    }
}
