import BatchwireTestSupport
import Foundation
import Testing

extension ServeProcessTests {
    /// Issue 15, item 9: after `kill -9` of `batchwire serve`, its step's processes kept running (past the
    /// run's FAILED and even past a restarted run), so two copies of the work ran at once. Each step now
    /// runs under `batchwire-step-supervisor`, which stops the step's process group when its node is gone.
    @Suite("a step's process tree dies with its node")
    struct StepOutlivesNodeTests {
        /// How the step treats the SIGTERM the supervisor sends first.
        enum Step: String, CustomTestStringConvertible, Sendable, CaseIterable {
            case obeysSIGTERM = "a step and its child that end on SIGTERM"
            case ignoresSIGTERM = "a step and its child that ignore SIGTERM"
            var testDescription: String { rawValue }
        }

        /// The grace between SIGTERM and SIGKILL (serve's `--shutdown-grace`, which steps get too).
        static let grace: TimeInterval = 5

        /// A shell that records its pid, starts a long `sleep` in the background (its own child, in the
        /// step's process group) and records that pid too, then waits.
        static func job(directory: String, step: Step) -> String {
            let trap = step == .ignoresSIGTERM ? "trap '' TERM; " : ""
            return """
                name: long-work
                steps:
                  - name: work
                    command: ["/bin/sh", "-c", "\(trap)echo $$ > '\(directory)/shell.pid'; sleep 300 & echo $! > '\(directory)/sleep.pid'; wait"]
                schedules:
                  - every: 2s
                """
        }

        @Test("kill -9 of serve: the step's shell and its background child are gone within the grace period", arguments: Step.allCases)
        func stepDiesWithItsNode(step: Step) async throws {
            try await ServeSite.with(.sqlite) { site in
                try site.writeJob("long-work.yaml", Self.job(directory: site.directory.path, step: step))
                let node = try site.serve(node: "doomed", arguments: ["--shutdown-grace", "\(Int(Self.grace))s"])
                var pids: [Int32] = []
                try await eventually("the step's processes to start", within: 60, every: .milliseconds(100)) {
                    pids = ["shell.pid", "sleep.pid"].compactMap { name in
                        (try? String(contentsOfFile: site.path(name), encoding: .utf8))
                            .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
                    }
                    return pids.count == 2
                }
                #expect(pids.allSatisfy(Self.isRunning), "both run before the kill")

                kill(node.pid, SIGKILL)
                _ = try await node.waitForEnd(within: 30)
                let killed = Date()
                let limit = step == .obeysSIGTERM ? 5 : Self.grace + 10
                try await eventually("the step's processes to end", within: limit, every: .milliseconds(100)) {
                    !pids.contains(where: Self.isRunning)
                }
                if step == .ignoresSIGTERM {
                    // They ignored the SIGTERM: only the SIGKILL after the grace period ended them.
                    #expect(Date().timeIntervalSince(killed) >= Self.grace - 1)
                }
            }
        }

        /// Whether `pid` is a live process (not gone, not a zombie waiting for its new parent to reap it).
        static func isRunning(_ pid: Int32) -> Bool {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            let state = stat[stat.index(after: close)...].split(separator: " ").first
            return state != "Z"
        }
    }
}
