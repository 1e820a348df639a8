/// Where the reply to a command goes: the MQTT 5 Response Topic with its Correlation Data, or the
/// payload's `replyTo` field.
struct ReplyAddress: Sendable, Equatable {
    /// The topic to publish the reply to.
    var topic: String
    /// The Correlation Data to copy into the reply, as MQTT 5 request/response asks.
    var correlationData: [UInt8]?

    /// Checks a reply topic: a topic name (no wildcards, not empty, not a `$` topic) outside the command
    /// topics, so that a reply can never be taken for a command.
    /// - Parameters:
    ///   - topic: the Response Topic or `replyTo`.
    ///   - commandsPrefix: `<prefix>/commands/`.
    ///   - source: where the topic came from, for the message.
    /// - Throws: ``CommandError`` `INVALID_VALUE`.
    static func check(_ topic: String, commandsPrefix: String, source: String) throws(CommandError) {
        guard !topic.isEmpty else {
            throw CommandError(.invalidValue, "the \(source) is empty; give the topic the reply should go to")
        }
        guard !topic.contains(where: { $0 == "+" || $0 == "#" || $0 == "\u{0}" }), !topic.hasPrefix("$"),
            topic.utf8.count <= 65_535
        else {
            throw CommandError(
                .invalidValue,
                "the \(source) '\(topic)' is not a topic name a reply can be published to (it has a wildcard, a NUL, "
                    + "starts with '$' or is too long); use e.g. batchwire/replies/<your client id>")
        }
        guard !(topic + "/").hasPrefix(commandsPrefix) else {
            throw CommandError(
                .invalidValue,
                "the \(source) '\(topic)' is a command topic: a reply there would be read as a command; use e.g. "
                    + "batchwire/replies/<your client id>")
        }
    }
}
