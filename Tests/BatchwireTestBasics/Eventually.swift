import Foundation

/// A condition that did not come true in time.
package struct TimedOut: Error, CustomStringConvertible {
    /// What the test waited for.
    package let what: String

    /// Creates the error for a wait on `what`.
    package init(what: String) { self.what = what }

    package var description: String { "timed out waiting for \(what)" }
}

/// Polls `condition` every `interval` until it holds, throwing ``TimedOut`` after `seconds`.
/// - Parameters:
///   - what: what the test waits for, for the error.
///   - seconds: how long to wait.
///   - interval: the pause between two checks.
///   - condition: checked once at once and then after each pause.
/// - Throws: ``TimedOut``, or what `condition` throws.
package func eventually(
    _ what: String, within seconds: Double = 10, every interval: Duration = .milliseconds(50),
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while true {
        if try await condition() { return }
        guard ContinuousClock.now < deadline else { throw TimedOut(what: what) }
        try await Task.sleep(for: interval)
    }
}
