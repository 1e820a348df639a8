import BatchwireCore
import BatchwireRuntime
/// Where the reply to a command goes: the MQTT 5 Response Topic with its Correlation Data, or the
/// payload's `replyTo` field.
struct ReplyAddress: Sendable, Equatable {
    /// The topic to publish the reply to.
    var topic: String
    /// The Correlation Data to copy into the reply, as MQTT 5 request/response asks.
    var correlationData: [UInt8]?

    /// Checks a reply topic: a topic name (no wildcards, not empty, not a `$` topic) that is none of
    /// Batchwire's own topics: under `<prefix>/` only `<prefix>/replies/…` is allowed, so a reply can never
    /// be taken for a command, an event, a status or a node's state.
    /// - Parameters:
    ///   - topic: the Response Topic or `replyTo`.
    ///   - prefix: the topic prefix, e.g. `batchwire`.
    ///   - source: where the topic came from, for the message.
    /// - Throws: ``CommandError`` `INVALID_VALUE`.
    static func check(_ topic: String, prefix: String, source: String) throws(CommandError) {
        let advice = "use e.g. \(prefix)/replies/<your client id>"
        guard !topic.isEmpty else {
            throw CommandError(.invalidValue, "the \(source) is empty; \(advice)")
        }
        guard !topic.contains(where: { $0 == "+" || $0 == "#" || $0 == "\u{0}" }), !topic.hasPrefix("$"),
            topic.utf8.count <= 65_535
        else {
            throw CommandError(
                .invalidValue,
                "the \(source) '\(topic)' is not a topic name a reply can be published to (it has a wildcard, a NUL, "
                    + "starts with '$' or is too long); \(advice)"
            )
        }
        let own = topic == prefix || topic.hasPrefix(prefix + "/")
        guard !own || topic.hasPrefix(prefix + "/replies/") else {
            throw CommandError(
                .invalidValue,
                "the \(source) '\(topic)' is one of Batchwire's own topics (commands, events, status, lineage, "
                    + "nodes): a reply there would be taken for one of those; \(advice)"
            )
        }
    }
}
