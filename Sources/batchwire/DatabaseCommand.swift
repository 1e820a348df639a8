import ArgumentParser
import BatchwireStore
import Foundation
import Logging

/// `batchwire db init` and `batchwire db check`: create and verify the Spring Batch 5 metadata schema.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Create or verify the Spring Batch 5 metadata schema.",
        discussion: """
            The database comes from --database-url or BATCHWIRE_DATABASE_URL (sqlite:path, the default
            sqlite:batchwire.sqlite, or mysql://user:password@host:port/database); the table prefix from
            --table-prefix or BATCHWIRE_TABLE_PREFIX (default BATCH_).

            Exit status: 0 when the schema matches, 5 when it differs (each difference is printed) or
            the database cannot be reached or changed, 2 for bad settings.
            """,
        subcommands: [Init.self, Check.self]
    )

    /// Where the schema lives and how it is named; shared by both subcommands.
    struct Options: ParsableArguments {
        @Option(help: "The database URL (default: $BATCHWIRE_DATABASE_URL, else sqlite:batchwire.sqlite).")
        var databaseURL: String?

        @Option(help: "The table prefix (default: $BATCHWIRE_TABLE_PREFIX, else BATCH_).")
        var tablePrefix: String?

        @Option(help: "The job-instance sequence table: spring5 (<prefix>JOB_SEQ, default) or spring6 (<prefix>JOB_INSTANCE_SEQ).")
        var jobSequence: String = JobSequenceName.spring5.rawValue

        @Option(
            help: "Foreign-key names: spring (exact) or prefixed (several prefixes in one MySQL database) (default: $BATCHWIRE_CONSTRAINT_NAMING, else spring).")
        var constraintNaming: String?

        func validate() throws {
            guard JobSequenceName(rawValue: jobSequence) != nil else {
                throw ValidationError("--job-sequence must be spring5 or spring6")
            }
            guard constraintNaming.map({ ConstraintNaming(rawValue: $0) != nil }) ?? true else {
                throw ValidationError("--constraint-naming must be spring or prefixed")
            }
        }

        /// The store configuration from the flags, then the environment, then the defaults.
        func storeConfiguration() throws -> MetadataStoreConfiguration {
            let environment = ProcessInfo.processInfo.environment
            let url = databaseURL ?? environment["BATCHWIRE_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
                ?? "sqlite:batchwire.sqlite"
            let prefix = tablePrefix ?? environment["BATCHWIRE_TABLE_PREFIX"].flatMap { $0.isEmpty ? nil : $0 } ?? "BATCH_"
            let location: DatabaseLocation
            do {
                location = try DatabaseLocation(url: url)
            } catch {
                throw ValidationError("invalid database URL: \(error.message)")
            }
            var configuration = MetadataStoreConfiguration(location: location, tablePrefix: prefix)
            configuration.jobSequence = JobSequenceName(rawValue: jobSequence) ?? .spring5
            let naming = constraintNaming ?? environment["BATCHWIRE_CONSTRAINT_NAMING"].flatMap { $0.isEmpty ? nil : $0 } ?? "spring"
            guard let constraints = ConstraintNaming(rawValue: naming) else {
                throw ValidationError("BATCHWIRE_CONSTRAINT_NAMING must be spring or prefixed, not \(naming)")
            }
            configuration.constraintNaming = constraints
            return configuration
        }

        /// Opens the store, runs `body`, closes the store; store errors and a schema that differs become
        /// exit status 5 (``CommandExit/storeFailure``).
        func withStore(_ body: (MetadataStore) async throws(StoreError) -> SchemaCheckReport) async throws {
            let configuration = try storeConfiguration()
            let store: MetadataStore
            do {
                var logger = Logger(label: "batchwire.db")
                logger.logLevel = .warning
                store = try await MetadataStore.open(configuration, logger: logger)
            } catch {
                FileHandle.standardError.write(Data("batchwire db: \(error.message)\n".utf8))
                throw CommandExit.storeFailure
            }
            let report: SchemaCheckReport
            do {
                report = try await body(store)
            } catch {
                await store.close()
                FileHandle.standardError.write(Data("batchwire db: \(error)\n".utf8))
                throw CommandExit.storeFailure
            }
            await store.close()
            print("\(configuration.location) prefix \(configuration.tablePrefix): \(report)")
            if !report.isMatching { throw CommandExit.storeFailure }
        }
    }

    /// `batchwire db init`.
    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the missing metadata tables and seed the sequences (safe to run again), then check them.")

        @OptionGroup var options: Options

        func run() async throws {
            try await options.withStore { store throws(StoreError) in try await store.initializeSchema() }
        }
    }

    /// `batchwire db check`.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare the live metadata schema with Spring Batch 5's and list every difference.")

        @OptionGroup var options: Options

        func run() async throws {
            try await options.withStore { store throws(StoreError) in try await store.checkSchema() }
        }
    }
}
