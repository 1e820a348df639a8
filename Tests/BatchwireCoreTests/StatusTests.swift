import Testing

@testable import BatchwireCore

/// BatchStatus and ExitStatus rules (spec §5).
@Suite struct StatusTests {
    @Test func declarationOrder() {
        #expect(
            BatchStatus.allCases.map(\.rawValue) == [
                "COMPLETED", "STARTING", "STARTED", "STOPPING", "STOPPED", "FAILED", "ABANDONED", "UNKNOWN",
            ])
        #expect(BatchStatus.completed < .starting)
        #expect(BatchStatus.failed < .unknown)
        #expect(BatchStatus.max(.stopped, .failed) == .failed)
        #expect(BatchStatus.allCases.allSatisfy { $0.rawValue.count <= 10 })
    }

    @Test func runningAndUnsuccessful() {
        #expect(BatchStatus.allCases.filter(\.isRunning) == [.starting, .started, .stopping])
        #expect(BatchStatus.allCases.filter(\.isUnsuccessful) == [.failed, .abandoned, .unknown])
    }

    /// The full upgrade table, derived by hand from Spring's rule.
    @Test(arguments: [
        (BatchStatus.starting, BatchStatus.started, BatchStatus.started),
        (.started, .starting, .started),
        (.started, .completed, .completed),
        (.completed, .started, .completed),
        (.starting, .completed, .completed),
        (.completed, .starting, .completed),
        (.completed, .failed, .failed),
        (.failed, .completed, .failed),
        (.failed, .started, .failed),
        (.started, .stopping, .stopping),
        (.stopping, .completed, .stopping),
        (.completed, .stopping, .stopping),
        (.stopping, .stopped, .stopped),
        (.stopped, .stopping, .stopped),
        (.failed, .abandoned, .abandoned),
        (.abandoned, .failed, .abandoned),
        (.unknown, .completed, .unknown),
        (.completed, .completed, .completed),
        (.starting, .starting, .starting),
    ])
    func upgrade(from: BatchStatus, to: BatchStatus, expected: BatchStatus) {
        #expect(from.upgrade(to: to) == expected)
    }

    @Test func match() {
        #expect(BatchStatus.match("FAILED_WITH_SKIPS") == .failed)
        #expect(BatchStatus.match("STOPPED") == .stopped)
        #expect(BatchStatus.match("whatever") == .completed)
        #expect(BatchStatus(databaseValue: "ABANDONED") == .abandoned)
        #expect(BatchStatus(databaseValue: "abandoned") == nil)
    }

    @Test func exitStatusSeverityAndAnd() {
        #expect(ExitStatus.executing.severity == 1)
        #expect(ExitStatus("FAILED_WITH_SKIPS").severity == 5)
        #expect(ExitStatus("CUSTOM").severity == 7)
        #expect(ExitStatus.completed.and(.failed) == .failed)
        #expect(ExitStatus.failed.and(.completed) == .failed)
        #expect(ExitStatus.unknown.and(ExitStatus("CUSTOM")).exitCode == "CUSTOM")
        #expect(ExitStatus.noop.and(.stopped).exitCode == "STOPPED")
        #expect(ExitStatus.completed.and(nil) == .completed)
        // Same severity: the greater code (Java String order) wins.
        #expect(ExitStatus("FAILED_A").and(ExitStatus("FAILED_B")).exitCode == "FAILED_B")
        #expect(ExitStatus("FAILED_B").and(ExitStatus("FAILED_A")).exitCode == "FAILED_B")
        let combined = ExitStatus("COMPLETED", description: "first").and(ExitStatus("FAILED", description: "second"))
        #expect(combined == ExitStatus("FAILED", description: "first; second"))
    }

    @Test func addExitDescription() {
        let base = ExitStatus("FAILED", description: "boom")
        #expect(base.addingExitDescription("boom") == base)
        #expect(base.addingExitDescription("") == base)
        #expect(base.addingExitDescription("  ") == base)
        #expect(base.addingExitDescription("more").exitDescription == "boom; more")
        #expect(ExitStatus.failed.addingExitDescription("first").exitDescription == "first")
        #expect(ExitStatus("X", description: " ").addingExitDescription("y").exitDescription == "y")
        #expect(ExitStatus("X", description: nil).exitDescription == "")
        #expect(ExitStatus("COMPLETED", description: "d").description == "exitCode=COMPLETED;exitDescription=d")
        #expect(ExitStatus.unknown.isRunning && ExitStatus.executing.isRunning && !ExitStatus.completed.isRunning)
    }

    @Test func descriptionTruncation() {
        let long = String(repeating: "é", count: 3000)
        #expect(ExitStatus("FAILED", description: long).truncatedDescription().utf16.count == 2500)
        let short = String(repeating: "x", count: 2500)
        #expect(ExitStatus("FAILED", description: short).truncatedDescription() == short)
        // 2499 ASCII units then an emoji (2 units): Java would split the pair; we stop before it.
        let straddling = String(repeating: "x", count: 2499) + "😀" + "tail"
        let cut = ExitStatus("FAILED", description: straddling).truncatedDescription()
        #expect(cut == String(repeating: "x", count: 2499))
        let exact = String(repeating: "x", count: 2498) + "😀" + "tail"
        #expect(
            ExitStatus("FAILED", description: exact).truncatedDescription() == String(repeating: "x", count: 2498) + "😀"
        )
    }
}
