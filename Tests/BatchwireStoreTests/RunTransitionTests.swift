import BatchwireCore
import BatchwireStore
import Foundation
import Testing

/// The run transitions (`launch`, `startStep`, `finishStep`, `finishExecution`): each writes everything of its
/// change in one transaction, and many of them at once share transactions without one's refusal costing
/// another its write.
@Suite("Run transitions and their group commit")
struct RunTransitionTests {
    private static func lease(_ node: String = "node-1") -> ExecutionLease {
        ExecutionLease(nodeID: node, expiresAt: Date().addingTimeInterval(30))
    }

    private static func events(_ execution: JobExecution, _ sequence: inout OutboxSequence) -> [OutboxEvent] {
        [OutboxEvent(topic: "t/\(execution.id)", payload: "{\"n\":\(sequence.next())}")]
    }

    @Test("a launch writes the execution, its lease, the slot's outcome and its event together", arguments: TestBackend.allCases)
    func launchWritesEverything(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t throws in
            let slot = FiredSlotKey(scheduleID: "job#1", fireTime: Date(timeIntervalSince1970: 1_800_000_000))
            #expect(try await t.store.state.claimFiredSlot(scheduleID: slot.scheduleID, fireTime: slot.fireTime, nodeID: "node-1"))
            let launched = try await t.repository.launch(
                jobName: "job", parameters: Fixtures.parameters(run: 1), lease: Self.lease(), slot: slot, events: Self.events)
            #expect(launched.isNewInstance)
            #expect(launched.execution.status == .starting)
            let id = "\(launched.execution.id)"
            #expect(try await t.raw.scalar("SELECT NODE_ID FROM \(t.names.executionOwner) WHERE JOB_EXECUTION_ID = ?", [id]) == "node-1")
            let fired = try #require(try await t.store.state.firedSlots(scheduleID: slot.scheduleID).first)
            #expect(fired.outcome == "started" && fired.jobExecutionID == launched.execution.id)
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.eventOutbox) WHERE JOB_EXECUTION_ID = ?", [id]) == "1")
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.jobExecutionParams) WHERE JOB_EXECUTION_ID = ?", [id]) == "2")
        }
    }

    @Test("a launch that claims its slot: the claim, the run, or the skip while the job runs, in one transaction", arguments: TestBackend.allCases)
    func launchClaimingItsSlot(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t throws in
            let first = FiredSlotKey(scheduleID: "job#1", fireTime: Date(timeIntervalSince1970: 1_800_000_000))
            let skipRecord: @Sendable (Int64) throws -> (outcome: String, events: [OutboxEvent]) = { running in
                ("skipped: \(running) runs", [OutboxEvent(topic: "t/skip", payload: "{\"running\":\(running)}")])
            }
            let claim = SlotClaim(slot: first, claimedAt: first.fireTime, skipWhileRunning: skipRecord)
            guard case .launched(let launched) = try await t.repository.launch(
                claiming: claim, jobName: "job", parameters: Fixtures.parameters(run: 1), lease: Self.lease(),
                events: Self.events)
            else { Issue.record("the first slot was not launched"); return }
            let fired = try #require(try await t.store.state.firedSlots(scheduleID: "job#1").first)
            #expect(fired.nodeID == "node-1" && fired.outcome == "started" && fired.jobExecutionID == launched.execution.id)

            // The same slot again (another node, or a retry): nothing is written.
            let again = try await t.repository.launch(
                claiming: claim, jobName: "job", parameters: Fixtures.parameters(run: 2), lease: Self.lease("node-2"),
                events: Self.events)
            guard case .claimedElsewhere = again else { Issue.record("claimed twice: \(again)"); return }
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.jobExecution)") == "1")

            // The next slot while the first run is STARTING: recorded skipped with the record's event, no run.
            let second = FiredSlotKey(scheduleID: "job#1", fireTime: first.fireTime.addingTimeInterval(1))
            let skipped = try await t.repository.launch(
                claiming: SlotClaim(slot: second, claimedAt: second.fireTime, skipWhileRunning: skipRecord),
                jobName: "job", parameters: Fixtures.parameters(run: 2), lease: Self.lease(), events: Self.events)
            guard case .skipped(let running, let events) = skipped else { Issue.record("not skipped: \(skipped)"); return }
            #expect(running == launched.execution.id && events.count == 1)
            let slots = try await t.store.state.firedSlots(scheduleID: "job#1")
            #expect(slots.first { $0.fireTime == second.fireTime }?.outcome == "skipped: \(launched.execution.id) runs")
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.eventOutbox) WHERE TOPIC = 't/skip'") == "1")
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.jobExecution)") == "1")
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.executionOwner)") == "1")
        }
    }

    @Test("claiming launches at once: busy jobs skipped, idle ones launched; their next slots skipped while they run", arguments: TestBackend.allCases)
    func claimingLaunchesShareTheRunningCheck(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t throws in
            for index in 0..<10 {
                _ = try await t.repository.launch(
                    jobName: "busy-\(index)", parameters: Fixtures.parameters(run: 1), lease: Self.lease(), events: Self.events)
            }
            let skipRecord: @Sendable (Int64) throws -> (outcome: String, events: [OutboxEvent]) = { running in
                ("skipped: \(running) runs", [OutboxEvent(topic: "t/skip", payload: "{\"running\":\(running)}")])
            }
            let base = Date(timeIntervalSince1970: 1_800_000_000)
            // Busy jobs once each and twenty idle jobs once, at once; then the first ten idle jobs' next slot
            // while their runs go on. (A slot whose job's launch is still being written by another group waits
            // for that group: ConcurrentGroupOverlapTests.)
            let first: [(job: String, slot: Date, run: Int64)] =
                (0..<10).map { ("busy-\($0)", base, 2) } + (0..<20).map { ("free-\($0)", base, 1) }
            let second: [(job: String, slot: Date, run: Int64)] = (0..<10).map { ("free-\($0)", base.addingTimeInterval(1), 2) }
            var outcomes: [(String, String)] = []
            for fires in [first, second] {
                outcomes += try await withThrowingTaskGroup(of: (String, String).self) { group in
                    for fire in fires {
                        group.addTask {
                            let claim = SlotClaim(
                                slot: FiredSlotKey(scheduleID: "\(fire.job)#1", fireTime: fire.slot), claimedAt: fire.slot,
                                skipWhileRunning: skipRecord)
                            let result = try await t.repository.launch(
                                claiming: claim, jobName: fire.job, parameters: Fixtures.parameters(run: fire.run),
                                lease: Self.lease(), events: Self.events)
                            switch result {
                            case .launched: return (fire.job, "launched")
                            case .skipped: return (fire.job, "skipped")
                            case .claimedElsewhere: return (fire.job, "elsewhere")
                            }
                        }
                    }
                    var all: [(String, String)] = []
                    for try await outcome in group { all.append(outcome) }
                    return all
                }
            }
            #expect(outcomes.filter { $0.0.hasPrefix("busy") }.allSatisfy { $0.1 == "skipped" })
            for index in 0..<20 {
                let mine = outcomes.filter { $0.0 == "free-\(index)" }.map(\.1).sorted()
                #expect(mine == (index < 10 ? ["launched", "skipped"] : ["launched"]), "free-\(index): \(mine)")
            }
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.jobExecution)") == "30")
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.eventOutbox) WHERE TOPIC = 't/skip'") == "20")
        }
    }

    @Test("a launch whose events cannot be built leaves no execution and no lease", arguments: TestBackend.allCases)
    func failedLaunchLeavesNothing(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t throws in
            struct Refused: Error {}
            await #expect(throws: StoreError.self) {
                _ = try await t.repository.launch(
                    jobName: "job", parameters: Fixtures.parameters(run: 1), lease: Self.lease()
                ) { _, _ -> [OutboxEvent] in throw Refused() }
            }
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.jobExecution)") == "0")
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.executionOwner)") == "0")
        }
    }

    @Test("300 launches at once: distinct ids, one lease each; the refused ones do not cost the others their write", arguments: TestBackend.allCases)
    func manyLaunchesShareTransactions(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t throws in
            // Every 10th launch repeats an instance that another launch of the same burst creates: exactly one
            // of each pair wins, the other is refused with Spring's already-running error.
            let results = await withTaskGroup(of: Result<Int64, StoreError>.self) { group in
                for index in 0..<300 {
                    let run = Int64(index % 10 == 9 ? index - 1 : index)
                    group.addTask {
                        do {
                            return .success(try await t.repository.launch(
                                jobName: "burst", parameters: Fixtures.parameters(run: run), lease: Self.lease(),
                                events: Self.events).execution.id)
                        } catch let error as StoreError {
                            return .failure(error)
                        } catch {
                            return .failure(StoreError(.invalidArgument, "\(error)"))
                        }
                    }
                }
                var all: [Result<Int64, StoreError>] = []
                for await result in group { all.append(result) }
                return all
            }
            let ids = results.compactMap { try? $0.get() }
            let refusals = results.compactMap { if case .failure(let error) = $0 { error.code.description } else { nil } }
            #expect(ids.count == 270)
            #expect(Set(ids).count == 270)
            #expect(refusals == Array(repeating: "jobExecutionAlreadyRunning", count: 30))
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.jobExecution)") == "270")
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.executionOwner)") == "270")
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.jobInstance)") == "270")
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.eventOutbox)") == "270")
        }
    }

    @Test("start and finish: the job STARTED with its first step, ended with its last, the lease released", arguments: TestBackend.allCases)
    func stepTransitions(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t throws in
            var execution = try await t.repository.launch(
                jobName: "job", parameters: Fixtures.parameters(run: 1), lease: Self.lease(), events: Self.events
            ).execution
            let started = try await t.repository.startStep(
                of: &execution, stepName: "only", executionContext: ExecutionContext()
            ) { job, step, sequence -> [OutboxEvent] in
                [OutboxEvent(topic: "t", payload: "\(job?.status.name ?? "-") \(step.status.name) \(sequence.next())")]
            }
            #expect(execution.status == .started && execution.startTime != nil && execution.version == 1)
            #expect(started.step.status == .started && started.step.startTime != nil)
            #expect(started.events.map(\.payload) == ["STARTED STARTED 2"])

            var step = started.step
            step.status = .completed
            step.exitStatus = .completed
            step.endTime = t.repository.now()
            step.executionContext["done"] = .boolean(true)
            var ending = execution
            ending.status = .completed
            ending.exitStatus = .completed
            ending.endTime = t.repository.now()
            let (saved, events) = try await t.repository.finishStep(&step, endingJob: ending) {
                step, job, sequence -> [OutboxEvent] in
                [OutboxEvent(topic: "t", payload: "\(step.status.name) \(job?.status.name ?? "-") \(sequence.next())")]
            }
            #expect(saved?.status == .completed && saved?.version == 2)
            #expect(events.map(\.payload) == ["COMPLETED COMPLETED 3"])
            let stored = try #require(try await t.explorer.getJobExecution(id: execution.id))
            #expect(stored.status == .completed && stored.endTime != nil)
            #expect(stored.stepExecutions.first?.status == .completed)
            #expect(stored.stepExecutions.first?.executionContext["done"] == .boolean(true))
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.executionOwner)") == "0")
        }
    }

    @Test("a step's end writes its context only when the step changed it", arguments: TestBackend.allCases)
    func unchangedContextIsNotRewritten(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t throws in
            func runStep(_ name: String, changing: Bool) async throws -> Int64 {
                var execution = try await t.repository.launch(
                    jobName: "job-\(name)", parameters: Fixtures.parameters(run: 1), lease: Self.lease(), events: Self.events
                ).execution
                var step = try await t.repository.startStep(
                    of: &execution, stepName: name, executionContext: ExecutionContext()
                ) { _, _, _ -> [OutboxEvent] in [] }.step
                // Another writer's mark on the stored context: only a write of the step's own context replaces it.
                try await t.raw.execute(
                    "UPDATE \(t.names.stepExecutionContext) SET SHORT_CONTEXT = 'marked' WHERE STEP_EXECUTION_ID = \(step.id)")
                if changing { step.executionContext["done"] = .boolean(true) }
                step.status = .completed
                step.exitStatus = .completed
                step.endTime = t.repository.now()
                _ = try await t.repository.finishStep(&step, endingJob: nil) { _, _, _ -> [OutboxEvent] in [] }
                return step.id
            }
            let unchanged = try await runStep("clean", changing: false)
            let changed = try await runStep("dirty", changing: true)
            let context = "SELECT SHORT_CONTEXT FROM \(t.names.stepExecutionContext) WHERE STEP_EXECUTION_ID = ?"
            #expect(try await t.raw.scalar(context, ["\(unchanged)"]) == "marked")
            #expect(try await t.raw.scalar(context, ["\(changed)"]) != "marked")
        }
    }

    @Test("200 runs ending at once share batched updates; the 5 whose rows another process changed are refused alone", arguments: TestBackend.allCases)
    func batchedUpdatesRefuseOnlyTheStaleRows(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t throws in
            let runs = try await withThrowingTaskGroup(of: (JobExecution, StepExecution).self) { group in
                for index in 0..<200 {
                    group.addTask {
                        var execution = try await t.repository.launch(
                            jobName: "ends", parameters: Fixtures.parameters(run: Int64(index)), lease: Self.lease(),
                            events: Self.events
                        ).execution
                        let step = try await t.repository.startStep(
                            of: &execution, stepName: "only", executionContext: ExecutionContext()
                        ) { _, _, sequence -> [OutboxEvent] in [OutboxEvent(topic: "t", payload: "\(sequence.next())")] }.step
                        return (execution, step)
                    }
                }
                var all: [(JobExecution, StepExecution)] = []
                for try await run in group { all.append(run) }
                return all
            }
            #expect(runs.count == 200)
            // Another process moves five of them on (an operator's stop): their versions no longer match.
            let stale = Set(runs.prefix(5).map(\.0.id))
            let staleList = stale.map(String.init).joined(separator: ", ")
            try await t.raw.execute(
                "UPDATE \(t.names.jobExecution) SET STATUS = 'STOPPING', VERSION = VERSION + 1 WHERE JOB_EXECUTION_ID IN (\(staleList))")
            let outcomes = await withTaskGroup(of: (Int64, StoreError?).self) { group in
                for (execution, step) in runs {
                    group.addTask {
                        var step = step
                        step.status = .completed
                        step.exitStatus = .completed
                        step.endTime = t.repository.now()
                        var ending = execution
                        ending.status = .completed
                        ending.exitStatus = .completed
                        ending.endTime = t.repository.now()
                        do {
                            _ = try await t.repository.finishStep(&step, endingJob: ending) {
                                _, _, sequence -> [OutboxEvent] in [OutboxEvent(topic: "t", payload: "\(sequence.next())")]
                            }
                            return (execution.id, nil)
                        } catch let error as StoreError {
                            return (execution.id, error)
                        } catch {
                            return (execution.id, StoreError(.invalidArgument, "\(error)"))
                        }
                    }
                }
                var all: [(Int64, StoreError?)] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
            let refused = outcomes.filter { $0.1 != nil }
            #expect(Set(refused.map(\.0)) == stale)
            #expect(refused.allSatisfy { $0.1?.code == .optimisticLockingFailure })
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.jobExecution) WHERE STATUS = 'COMPLETED'") == "195")
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.jobExecution) WHERE STATUS = 'STOPPING'") == "5")
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.stepExecution) WHERE STATUS = 'COMPLETED'") == "195")
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.executionOwner)") == "5")
            // Every finished row moved exactly one version on (the job's third, the step's second): a batched write
            // never skipped or doubled one.
            #expect(try await t.raw.scalar(
                "SELECT COUNT(*) FROM \(t.names.jobExecution) WHERE STATUS = 'COMPLETED' AND VERSION = 2") == "195")
            #expect(try await t.raw.scalar(
                "SELECT COUNT(*) FROM \(t.names.stepExecution) WHERE STATUS = 'COMPLETED' AND VERSION = 1") == "195")
        }
    }

    @Test("a transition on a row another process changed is refused and writes nothing", arguments: TestBackend.allCases)
    func staleTransitionIsRefused(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t throws in
            var execution = try await t.repository.launch(
                jobName: "job", parameters: Fixtures.parameters(run: 1), lease: Self.lease(), events: Self.events
            ).execution
            // An operator's stop from another process bumps the version.
            var stopped = execution
            stopped.status = .stopping
            try await t.repository.update(&stopped)
            let refusal = await #expect(throws: StoreError.self) {
                _ = try await t.repository.startStep(of: &execution, stepName: "only", executionContext: ExecutionContext()) {
                    _, _, sequence -> [OutboxEvent] in [OutboxEvent(topic: "t", payload: "\(sequence.next())")]
                }
            }
            #expect(refusal?.code == .optimisticLockingFailure)
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.stepExecution)") == "0")
            #expect(try await t.raw.scalar("SELECT STATUS FROM \(t.names.jobExecution)") == "STOPPING")
        }
    }

    @Test("one query tells a node which of its executions were asked to stop or lost their lease", arguments: TestBackend.allCases)
    func watchOwnedExecutions(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t throws in
            var ids: [Int64] = []
            for run in 1...3 {
                ids.append(try await t.repository.launch(
                    jobName: "job", parameters: Fixtures.parameters(run: Int64(run)), lease: Self.lease(),
                    events: Self.events).execution.id)
            }
            var stopping = try #require(try await t.explorer.getJobExecution(id: ids[0]))
            stopping.status = .stopping
            try await t.repository.update(&stopping)
            let past = Date().addingTimeInterval(-60)
            #expect(try await t.store.state.claimOwnership(
                jobExecutionID: ids[1], nodeID: "node-1", leaseExpiresAt: past, at: past))
            #expect(try await t.store.state.claimOwnership(
                jobExecutionID: ids[1], nodeID: "node-2", leaseExpiresAt: Date().addingTimeInterval(30)))
            let report = try await t.store.state.watchOwnedExecutions(ids, nodeID: "node-1")
            #expect(report.endRequested == [ids[0]: .stopping])
            #expect(report.leaseLost == [ids[1]])
        }
    }
}
