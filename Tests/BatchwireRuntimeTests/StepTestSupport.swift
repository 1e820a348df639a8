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
