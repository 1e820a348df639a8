import BatchwireRuntime
import Foundation
import Testing

/// The `noop` step kind in job files: exactly one kind per step, and the command-only keys refused.
@Suite struct NoopStepParserTests {
    private let parser = JobFileParser()

    private func job(steps: String) throws -> JobDefinition {
        try #require(try parser.parse("name: j\nincrementer: run-id\nsteps:\n" + steps, file: "jobs/j.yaml").first)
    }

    private func error(steps: String) -> JobFileError? {
        jobFileError("name: j\nincrementer: run-id\nsteps:\n" + steps, file: "jobs/j.yaml")
    }

    @Test func parsesANoopStepBesideACommandStep() throws {
        let parsed = try job(steps: """
              - name: mark
                noop: {}
                allowStartIfComplete: true
                startLimit: 2
              - name: run
                command: [/bin/true]
            """)
        #expect(parsed.steps.map(\.kind) == [.noop, .command])
        #expect(parsed.steps[0].command.isEmpty)
        #expect(parsed.steps[0].allowStartIfComplete)
        #expect(parsed.steps[0].startLimit == 2)
        #expect(parsed.steps[1].command == ["/bin/true"])
    }

    @Test func aBareNoopKeyIsANoopStep() throws {
        #expect(try job(steps: "  - name: mark\n    noop:\n").steps[0].kind == .noop)
    }

    @Test func refusesAStepWithTwoKinds() throws {
        let found = try #require(error(steps: "  - name: both\n    command: [/bin/true]\n    noop: {}\n"))
        #expect(found.description.contains("exactly one of \"command\", \"http\", \"mqtt\", \"noop\" or \"swift\""))
        #expect(found.description.contains("jobs/j.yaml:"))
    }

    @Test func refusesAStepWithoutAKind() throws {
        let found = try #require(error(steps: "  - name: nothing\n    timeout: 1m\n"))
        #expect(found.description.contains("needs exactly one of \"command\", \"http\", \"mqtt\", \"noop\" or \"swift\""))
    }

    @Test func refusesSettingsOnNoop() throws {
        let found = try #require(error(steps: "  - name: mark\n    noop: { sleep: 1 }\n"))
        #expect(found.description.contains("noop: {}"))
    }

    @Test(arguments: ["shell: true", "workdir: /tmp", "env: { A: b }"])
    func refusesCommandKeysOnNoop(setting: String) throws {
        let found = try #require(error(steps: "  - name: mark\n    noop: {}\n    \(setting)\n"))
        #expect(found.description.contains("applies to command steps only"))
    }
}
