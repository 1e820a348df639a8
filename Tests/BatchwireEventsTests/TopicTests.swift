import BatchwireCore
import Foundation
import Testing

@testable import BatchwireMQTT

@Suite struct TopicTests {
    @Test func topicsOfDesignMD() throws {
        let topics = try MQTTTopics()
        #expect(topics.events(job: "orders") == "batchwire/events/orders")
        #expect(topics.status(job: "orders") == "batchwire/status/orders")
        #expect(topics.lineage(job: "orders") == "batchwire/lineage/orders")
        #expect(topics.command("start-next") == "batchwire/commands/start-next")
        #expect(topics.commandsFilter == "batchwire/commands/#")
        #expect(topics.sharedCommandsFilter() == "$share/batchwire/batchwire/commands/#")
        #expect(topics.node("node-a") == "batchwire/nodes/node-a")
        #expect(try MQTTTopics(prefix: "acme/prod").events(job: "x") == "acme/prod/events/x")
    }

    @Test(arguments: [
        "a/b", "a+b", "a#b", "100%", "ünïcødé", "tab\there", "nul\u{0}x", "#", "/", "%2F", "plain-name_1.0",
        "nel\u{85}x", "del\u{7F}x", "¡inverted", "é",
    ])
    func escapingIsOneLevelAndReversible(name: String) throws {
        let level = MQTTTopics.escapeLevel(name)
        #expect(!level.contains("/") && !level.contains("+") && !level.contains("#"))
        #expect(!level.unicodeScalars.contains { $0.value < 0x20 })
        #expect(MQTTTopics.unescapeLevel(level) == name)
        let topics = try MQTTTopics()
        #expect(topics.jobName(inTopic: topics.events(job: name)) == name)
    }

    @Test func escapingExamples() {
        #expect(MQTTTopics.escapeLevel("daily/orders#1") == "daily%2Forders%231")
        #expect(MQTTTopics.escapeLevel("a+b%") == "a%2Bb%25")
        #expect(MQTTTopics.escapeLevel("orders") == "orders")
        // C1 controls (UTF-8 C2 80–C2 9F) and DEL are escaped; other characters after U+007F are kept.
        #expect(MQTTTopics.escapeLevel("a\u{85}b") == "a%C2%85b")
        #expect(MQTTTopics.escapeLevel("a\u{7F}b") == "a%7Fb")
        #expect(MQTTTopics.escapeLevel("¡a ü") == "¡a ü")
        #expect(MQTTTopics.unescapeLevel("bad%2") == nil)
    }

    @Test func badPrefixes() {
        for prefix in ["", "a/+", "a/#", "$SYS", "/a", "a/", "a//b"] {
            #expect(throws: MQTTTopicError.self, "\(prefix)") { try MQTTTopics(prefix: prefix) }
        }
    }

    @Test func publications() throws {
        let topics = try MQTTTopics()
        let status = topics.publications(for: .jobStatusChanged(Fixtures.status(.starting, .started)))
        #expect(
            status == [
                MQTTEventPublication(topic: "batchwire/events/nightly-orders"),
                MQTTEventPublication(topic: "batchwire/status/nightly-orders", retain: true),
            ])
        #expect(topics.publications(for: .jobCreated(Fixtures.created)).count == 1)
        #expect(topics.publications(for: .scheduleFire(Fixtures.skipped)).map(\.retain) == [false])
    }

    @Test func configuredPrefixKeepsAValidOneAndFallsBackToTheDefault() {
        #expect(MQTTTopics(configuredPrefix: "acme/prod").stepReplies(node: "n 1") == "acme/prod/replies/n 1")
        #expect(MQTTTopics(configuredPrefix: "bad/#").prefix == MQTTTopics.defaultPrefix)
        #expect(MQTTTopics(configuredPrefix: "").prefix == MQTTTopics.defaultPrefix)
    }
}
