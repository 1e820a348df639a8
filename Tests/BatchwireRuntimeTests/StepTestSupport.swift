import BatchwireCore
import Foundation
import Logging
import Synchronization

@testable import BatchwireRuntime

/// A temporary directory per test, removed by `cleanUp()`.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("batchwire-steps-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: url)
    }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }
}

/// A clock whose sleeps return at once and are recorded; for retry backoff tests.
final class RecordingClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let state = Mutex((now: Instant(offset: .zero), sleeps: [Duration]()))

    var now: Instant { state.withLock { $0.now } }
    var minimumResolution: Duration { .nanoseconds(1) }
    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        state.withLock { state in
            state.sleeps.append(state.now.duration(to: deadline))
            state.now = max(state.now, deadline)
        }
    }
}

enum StepFixtures {
    static let logger = Logger(label: "batchwire.tests.steps") { _ in SwiftLogNoOpLogHandler() }

    static func runner(
        in directory: TemporaryDirectory,
        clock: any Clock<Duration> = ContinuousClock(),
        configure: (inout CommandStepConfiguration) -> Void = { _ in }
    ) -> CommandStepRunner {
        var configuration = CommandStepConfiguration(logDirectory: directory.file("logs"))
        configuration.terminationGracePeriod = .milliseconds(500)
        configuration.retryBackoff = RetryBackoff(initial: .milliseconds(10), multiplier: 2, maximum: .seconds(1))
        configure(&configuration)
        return CommandStepRunner(configuration: configuration, clock: clock, logger: logger)
    }

    static func invocation(
        _ command: [String],
        shell: Bool = false,
        name: String = "load",
        configure: (inout StepDefinition) -> Void = { _ in }
    ) -> CommandStepInvocation {
        var step = StepDefinition(name: name, command: command)
        step.shell = shell
        configure(&step)
        return CommandStepInvocation(
            step: step,
            jobName: "nightly",
            jobInstanceID: 11,
            jobExecutionID: 22,
            stepExecutionID: 33
        )
    }

    static func contents(_ url: URL?) -> String {
        guard let url, let data = try? Data(contentsOf: url) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }
}
