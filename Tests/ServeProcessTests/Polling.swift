import Foundation

/// A condition that did not come true in time.
struct TimedOut: Error, CustomStringConvertible {
    let what: String
    let seconds: Double
    var description: String { "timed out after \(Int(seconds)) s waiting for \(what)" }
}

/// Polls `condition` every 100 ms until it holds, throwing ``TimedOut`` after `seconds`. The waits are
/// generous on purpose: these tests run next to other builds on a loaded 2-core machine.
func eventually(_ what: String, within seconds: Double = 30, _ condition: () async throws -> Bool) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while true {
        if try await condition() { return }
        guard Date() < deadline else { throw TimedOut(what: what, seconds: seconds) }
        try await Task.sleep(for: .milliseconds(100))
    }
}

/// Sleeps until the wall clock reaches `instant` (at once when it passed).
func sleep(until instant: Date) async throws {
    let delay = instant.timeIntervalSinceNow
    guard delay > 0 else { return }
    try await Task.sleep(for: .milliseconds(Int((delay * 1000).rounded(.up))))
}
