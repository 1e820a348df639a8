import Foundation

/// The one reader of the `BATCHWIRE_TEST_*` variables (and the other variables tests read).
package enum TestEnvironment {
    /// The variable's value, or `nil` when it is unset or empty.
    package static func string(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }

    /// The variable's value. A missing `BATCHWIRE_TEST_<SERVICE>_*` variable skips the current test (or test
    /// case) with a note saying how to start the service, unless `BATCHWIRE_REQUIRE_SERVICES=1`, when it fails.
    /// - Throws: ``MissingTestEnvironment`` when the variable is missing and the test is not skipped.
    package static func value(_ name: String) throws -> String {
        if let value = string(name) { return value }
        if let service = TestService(variable: name) {
            try TestServices.skipUnlessConfigured(service)
        }
        throw MissingTestEnvironment(variable: name)
    }

    /// The variable's value as a port or other whole number.
    /// - Throws: ``MissingTestEnvironment`` when it is missing or not a number.
    package static func int(_ name: String) throws -> Int {
        guard let number = Int(try value(name)) else {
            throw MissingTestEnvironment(variable: "\(name) (a number)")
        }
        return number
    }
}

/// A variable a test needs is not set.
package struct MissingTestEnvironment: Error, CustomStringConvertible {
    /// The variable's name.
    package let variable: String

    /// Creates the error for `variable`.
    package init(variable: String) { self.variable = variable }

    package var description: String {
        "\(variable) is not set: run `scripts/services.sh start` and `source \"$(scripts/services.sh env)\"` "
            + "before the integration tests (or run scripts/test.sh, which does both), then run the tests again"
    }
}
