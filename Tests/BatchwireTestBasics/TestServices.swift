import Foundation
import Testing

/// Whether the integration tests run: the one condition every integration suite's trait is built from.
///
/// Without the services' environment a plain `swift test` skips the integration suites and says how to run
/// them. `scripts/test.sh` (and CI) export `BATCHWIRE_REQUIRE_SERVICES=1`: then a missing service fails its
/// tests instead of skipping them, so no integration test passes by not running.
package enum TestServices {
    /// Whether `BATCHWIRE_REQUIRE_SERVICES=1` is set: a missing service is a failure, not a skip.
    package static var areRequired: Bool {
        TestEnvironment.string("BATCHWIRE_REQUIRE_SERVICES") == "1"
    }

    /// Whether tests that need `services` run: when each is configured, or when services are required
    /// (and a missing one then fails the test).
    package static func shouldRun(_ services: [TestService]) -> Bool {
        areRequired || services.allSatisfy(\.isConfigured)
    }

    /// What a skipped test needs and how to provide it.
    package static func skipNote(_ services: [TestService]) -> String {
        let names = services.map(\.description).joined(separator: " and ")
        return "needs \(names): run scripts/test.sh, or `scripts/services.sh start` and "
            + "`source \"$(scripts/services.sh env)\"`, then run the tests again"
    }

    /// Skips (cancels) the current test, or the current case of a parameterized test, unless `service` is
    /// configured; when services are required it returns and the test goes on to fail on the missing service.
    ///
    /// For tests that run on several backends (`arguments: [.sqlite, .mysql]`): the SQLite case still runs.
    /// - Throws: the cancellation of the current test case.
    package static func skipUnlessConfigured(_ service: TestService) throws {
        guard !service.isConfigured, !areRequired else { return }
        try Test.cancel(Comment(rawValue: skipNote([service])))
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the suite or test only when `services` are configured (or required): a suite-level trait on each
    /// integration suite. Skipped, it prints ``TestServices/skipNote(_:)``.
    package static func needs(_ services: TestService..., sourceLocation: SourceLocation = #_sourceLocation) -> Self {
        .enabled(
            if: TestServices.shouldRun(services), Comment(rawValue: TestServices.skipNote(services)),
            sourceLocation: sourceLocation)
    }
}
