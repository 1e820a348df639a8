import BatchwireCore
import BatchwireStore
import Foundation

/// `debounce: 10s`: windows of that length aligned to the epoch (as `every: 10s` slots are), so every node
/// agrees on a message's window without talking to the others. Each message is recorded `debounced` with its
/// parameters; when the window closes, the node that claims the window's run starts one run with the
/// parameters of the window's last message, and every message of the window is marked with that run.
extension TriggerDispatcher {
    /// The end of the window `instant` falls in (windows are `[end - seconds, end)`).
    static func windowEnd(of instant: Date, seconds: Int) -> Date {
        let length = Double(seconds)
        return Date(timeIntervalSince1970: ((instant.timeIntervalSince1970 / length).rounded(.down) + 1) * length)
    }

    func debounce(_ fire: Fire, parameters: JobParameters, seconds: Int) async throws(StoreError) -> TriggerFireEvent.Outcome? {
        let end = Self.windowEnd(of: fire.receivedAt, seconds: seconds)
        let outcome = try await recordClaimed(
            fire, .debounced, reason: "one run for the messages of the window ending \(end.formatted(.iso8601))",
            parameters: parameters, windowEnd: end)
        if outcome != nil { scheduleWindow(fire, end: end) }
        return outcome
    }

    /// Starts (once per window on this node) the wait for the window's end.
    private func scheduleWindow(_ fire: Fire, end: Date) {
        let key = "\(fire.triggerID)@\(end.timeIntervalSince1970)"
        windows.withLock { windows in
            guard windows[key] == nil else { return }
            let delay = max(0, end.timeIntervalSince(configuration.now()))
            windows[key] = Task {
                try? await Task.sleep(for: .seconds(delay) + self.configuration.debounceGrace)
                if !Task.isCancelled { await self.closeWindow(fire, end: end) }
                _ = self.windows.withLock { $0.removeValue(forKey: key) }
            }
        }
    }

    /// Claims the window's run and starts it with the last message's parameters.
    func closeWindow(_ fire: Fire, end: Date) async {
        do {
            let messages = try await state.debouncedTriggerFires(triggerID: fire.triggerID, windowEnd: end)
            guard let last = messages.first, let parameters = last.parameters.flatMap(Self.decode) else { return }
            var window = fire
            window.key = "window:\(Int64(end.timeIntervalSince1970))"
            let reason = "debounce window ending \(end.formatted(.iso8601)): \(messages.count) message(s), the last one's parameters"
            if fire.job.triggerOverlap == .skip, let running = try await runningExecution(fire.job.name) {
                _ = try await recordClaimed(
                    window, .skipped, reason: "\(reason); execution \(running) was still running (overlap: skip)",
                    running: running, parameters: parameters, windowEnd: end)
                return
            }
            let claim = BatchwireStateStore.TriggerFire(
                triggerID: fire.triggerID, messageKey: window.messageKey, receivedAt: configuration.now(),
                nodeID: configuration.nodeID, source: last.source, parameters: Self.encode(parameters), windowEnd: end)
            guard try await state.claimTriggerFire(claim, duplicateWindow: configuration.duplicateWindow) else { return }
            if let execution = try await start(window, parameters: parameters, reason: reason).execution {
                try await state.assignDebouncedTriggerFires(triggerID: fire.triggerID, windowEnd: end, jobExecutionID: execution)
            }
        } catch {
            logger.error(
                "debounce window could not be closed", metadata: ["trigger": "\(fire.triggerID)", "error": "\(error)"])
        }
    }

    /// Cancels the waits for windows still open (shutdown): a window only this node received messages for is
    /// closed by ``recoverUndecided()`` on the next node that runs it.
    public func cancelWindows() {
        let tasks = windows.withLock { windows in
            defer { windows.removeAll() }
            return Array(windows.values)
        }
        for task in tasks { task.cancel() }
    }
}
