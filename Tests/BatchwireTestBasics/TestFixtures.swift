import Foundation

/// The files the tests read from outside Swift: vendored under `Tests/Fixtures/` (see its README.md).
package enum TestFixtures {
    /// The repository root, found from this file's path (`Tests/BatchwireTestBasics/<file>`).
    package static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Tests/Fixtures`, or the folder `BATCHWIRE_SHARED_DIR` names (a checkout of the shared spec folder,
    /// laid out the same way: `spec/`, `cron-corpus/`).
    package static var directory: URL {
        if let shared = TestEnvironment.string("BATCHWIRE_SHARED_DIR") { return URL(fileURLWithPath: shared) }
        return repositoryRoot.appendingPathComponent("Tests/Fixtures")
    }

    /// `spec/openlineage/OpenLineage.json`: the OpenLineage schema lineage events are validated against.
    package static var openLineageSchema: URL {
        directory.appendingPathComponent("spec/openlineage/OpenLineage.json")
    }

    /// `spec/spring-batch-schema.json`: Spring Batch 5's tables, column for column.
    package static var springBatchSchema: URL {
        directory.appendingPathComponent("spec/spring-batch-schema.json")
    }

    /// `cron-corpus/`, or the folder `BATCHWIRE_CRON_CORPUS` names.
    package static var cronCorpus: URL {
        if let corpus = TestEnvironment.string("BATCHWIRE_CRON_CORPUS") { return URL(fileURLWithPath: corpus) }
        return directory.appendingPathComponent("cron-corpus")
    }
}
