import BatchwireStore
import BatchwireTestBasics
import Foundation
import Testing

/// The idempotency-key table on SQLite and MariaDB: claim, release, prune; and key retention end to end.
@Suite("Command keys", .needs(.mqtt))
struct CommandKeyStoreTests {
    @Test(arguments: CommandBackend.allCases)
    func releaseForgetsOnlyAKeyWithoutResult(_ backend: CommandBackend) async throws {
        try await withCommandFixture(backend) { fixture in
            let state = fixture.store.state
            #expect(try await state.claimCommand(key: "pending") == .claimed)
            #expect(try await state.claimCommand(key: "done") == .claimed)
            try await state.recordCommandResult(key: "done", result: #"{"ok":true}"#)

            try await state.releaseCommand(key: "pending")
            try await state.releaseCommand(key: "done")
            try await state.releaseCommand(key: "never-claimed")
            #expect(try await state.claimCommand(key: "pending") == .claimed)
            #expect(try await state.claimCommand(key: "done") == .duplicate(result: #"{"ok":true}"#))
        }
    }

    @Test(arguments: CommandBackend.allCases)
    func pruneDeletesKeysClaimedBeforeTheCutoff(_ backend: CommandBackend) async throws {
        try await withCommandFixture(backend) { fixture in
            let state = fixture.store.state
            let now = Date()
            #expect(try await state.claimCommand(key: "old", at: now.addingTimeInterval(-8 * 86_400)) == .claimed)
            #expect(try await state.claimCommand(key: "new", at: now.addingTimeInterval(-60)) == .claimed)
            try await state.recordCommandResult(key: "old", result: "{}")

            #expect(try await state.pruneCommandKeys(createdBefore: now.addingTimeInterval(-7 * 86_400)) == 1)
            #expect(try await state.claimCommand(key: "old") == .claimed)
            #expect(try await state.claimCommand(key: "new") == .duplicate(result: nil))
            #expect(try await state.pruneCommandKeys(createdBefore: now.addingTimeInterval(-7 * 86_400)) == 0)
        }
    }

    @Test func aKeyPastItsRetentionRunsAgain() async throws {
        try await withCommandFixture(.sqlite) { fixture in
            // A day passes between any two readings of this clock; keys are kept one hour.
            let clock = SteppingClock(step: 86_400)
            var configuration = fixture.handlerConfiguration(now: { clock.now() })
            configuration.keyRetention = .seconds(3_600)
            configuration.pruneInterval = .zero
            try await fixture.startHandler(configuration)
            let first = try await fixture.request("start-next", #"{"job":"quick"}"#, key: "kept-an-hour")
            let second = try await fixture.request("start-next", #"{"job":"quick"}"#, key: "kept-an-hour")
            #expect(first.ok, "\(first.text)")
            #expect(second.ok, "\(second.text)")
            #expect(!second.isDuplicate)
            #expect(first.executionId != second.executionId)
            #expect(try await fixture.executionCount() == 2)
            for id in [first.executionId, second.executionId].compactMap({ $0 }) {
                _ = await fixture.jobOperator.launcher.waitForExecution(id)
            }
        }
    }
}
