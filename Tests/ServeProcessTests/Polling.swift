import Foundation

/// Sleeps until the wall clock reaches `instant` (at once when it passed).
func sleep(until instant: Date) async throws {
    let delay = instant.timeIntervalSinceNow
    guard delay > 0 else { return }
    try await Task.sleep(for: .milliseconds(Int((delay * 1000).rounded(.up))))
}
