import MosquittoClient

/// Reads a subscription in the background and hands its messages out with deadlines, without cancelling the
/// subscription when a wait times out.
package actor MessageInbox {
    private var messages: [MQTTMessage] = []
    private var failure: (any Error)?
    private var reader: Task<Void, Never>?

    /// Starts reading `subscription`.
    package init(_ subscription: MQTTSubscription) {
        Task { await self.start(subscription) }
    }

    private func start(_ subscription: MQTTSubscription) {
        reader = Task { [weak self] in
            do {
                for try await message in subscription { await self?.append(message) }
            } catch {
                await self?.fail(error)
            }
        }
    }

    private func append(_ message: MQTTMessage) { messages.append(message) }
    private func fail(_ error: any Error) { failure = error }

    /// The next message.
    /// - Throws: ``TimedOut`` after `seconds`, or the error that ended the subscription.
    package func next(within seconds: Double = 5, _ what: String = "an MQTT message") async throws -> MQTTMessage {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if !messages.isEmpty { return messages.removeFirst() }
            if let failure { throw failure }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw TimedOut(what: what)
    }

    /// The first `count` messages, waiting up to `seconds` for them.
    /// - Throws: ``TimedOut`` (saying how many came) when fewer arrive in time.
    package func take(_ count: Int, within seconds: Double, _ what: String) async throws -> [MQTTMessage] {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while messages.count < count {
            guard ContinuousClock.now < deadline else { throw TimedOut(what: "\(what) (\(messages.count)/\(count))") }
            try await Task.sleep(for: .milliseconds(10))
        }
        defer { messages.removeFirst(count) }
        return Array(messages.prefix(count))
    }

    /// Every message that arrives within `seconds` (to check that something is NOT delivered).
    package func drain(for seconds: Double) async throws -> [MQTTMessage] {
        try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
        defer { messages.removeAll() }
        return messages
    }

    /// Stops reading.
    package func stop() { reader?.cancel() }
}
