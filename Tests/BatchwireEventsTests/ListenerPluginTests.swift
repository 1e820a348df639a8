import BatchwireCore
@testable import BatchwireListeners
import Foundation
import MosquittoClient
import Synchronization
import Testing

@testable import BatchwireMQTT

/// Counts wake-ups.
final class WakeCounter: Sendable {
    private let count = Mutex(0)
    func wake() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

@Suite struct MQTTPublisherListenerTests {
    @Test func configurationNamesItAndEveryEventWakesTheRelay() async throws {
        let counter = WakeCounter()
        var registry = ListenerRegistry()
        try registry.register(MQTTPublisherListenerFactory(wake: { counter.wake() }))
        #expect(registry.factoryNames == ["logging", "mqtt"])
        let listeners = try registry.makeListeners(configuration: [ListenerRegistry.listenersKey: " mqtt "])
        #expect(listeners.map(\.name) == ["mqtt"])
        let dispatcher = ListenerDispatcher(listeners: listeners)
        dispatcher.dispatch(.jobCreated(Fixtures.created))
        dispatcher.dispatch(.jobStatusChanged(Fixtures.status(nil, .starting)))
        dispatcher.dispatch(.stepStatusChanged(Fixtures.step))
        dispatcher.dispatch(.scheduleFire(Fixtures.skipped))
        #expect(await dispatcher.shutdown(gracePeriod: .seconds(30)))
        #expect(counter.value == 4)
        #expect(dispatcher.statistics.first?.delivered == 4)
    }

    @Test func rejectsEveryOption() throws {
        let factory = MQTTPublisherListenerFactory(wake: {})
        #expect(throws: Never.self) { try factory.make(configuration: [:]) }
        do {
            _ = try factory.make(configuration: ["topic-prefix": "acme"])
            Issue.record("an option must be rejected")
        } catch let error as ListenerRegistryError {
            #expect(error.code == .invalidConfiguration && error.listenerName == "mqtt")
            #expect(error.message.contains("'topic-prefix'") && error.message.contains("BATCHWIRE_MQTT_TOPIC_PREFIX"))
        }
    }
}

@Suite struct OpenLineageHTTPConfigurationTests {
    func rejection(_ options: [String: String]) -> ListenerRegistryError? {
        do {
            _ = try OpenLineageHTTPConfiguration(options: options)
            return nil
        } catch {
            return error
        }
    }

    @Test func readsEveryOption() throws {
        let configuration = try OpenLineageHTTPConfiguration(options: [
            "url": " http://marquez:5000/api/v1/lineage ", "api-key": "s3cret", "timeout": "2.5", "namespace": "prod",
            "max-attempts": "7", "retry-backoff": "0.25",
        ])
        #expect(configuration.url.absoluteString == "http://marquez:5000/api/v1/lineage")
        #expect(configuration.apiKey == "s3cret")
        #expect(configuration.timeout == .milliseconds(2500))
        #expect(configuration.namespace == "prod")
        #expect(configuration.maxAttempts == 7)
        #expect(configuration.retryBackoff == .milliseconds(250))
    }

    @Test func defaults() throws {
        let configuration = try OpenLineageHTTPConfiguration(options: ["url": "https://lineage.example.com/api"])
        #expect(configuration.apiKey == nil && configuration.namespace == nil)
        #expect(configuration.timeout == .seconds(10))
        #expect(configuration.maxAttempts == 5)
        #expect(configuration.retryBackoff == .seconds(1))
    }

    @Test func badOptionsNameTheOptionAndTheFix() throws {
        let cases: [([String: String], String)] = [
            ([:], "option 'url' is missing"),
            (["url": "marquez:5000/api"], "not an http or https URL"),
            (["url": "ftp://marquez/api"], "not an http or https URL"),
            (["url": "http:///api"], "not an http or https URL"),
            (["url": "http://m/api", "token": "x"], "unknown option 'token'"),
            (["url": "http://m/api", "api-key": "  "], "option 'api-key' is empty"),
            (["url": "http://m/api", "namespace": ""], "option 'namespace' is empty"),
            (["url": "http://m/api", "timeout": "0"], "option 'timeout' is '0'"),
            (["url": "http://m/api", "timeout": "10s"], "write a number of seconds"),
            (["url": "http://m/api", "retry-backoff": "-1"], "option 'retry-backoff' is '-1'"),
            (["url": "http://m/api", "max-attempts": "0"], "option 'max-attempts' is '0'"),
            (["url": "http://m/api", "max-attempts": "many"], "a whole number from 1 to 100"),
        ]
        for (options, expected) in cases {
            let error = try #require(rejection(options), "\(options) must be rejected")
            #expect(error.code == .invalidConfiguration && error.listenerName == "openlineage-http")
            #expect(error.message.contains(expected), "\(options): \(error.message)")
        }
    }

    @Test func secretsStayOutOfDescriptionsAndErrors() throws {
        let configuration = try OpenLineageHTTPConfiguration(options: [
            "url": "https://user:pw@lineage.example.com:8443/api/v1/lineage?token=t0ken#frag", "api-key": "s3cret",
        ])
        #expect(configuration.redactedURL == "https://lineage.example.com:8443/api/v1/lineage")
        let text = configuration.description
        #expect(text.contains("lineage.example.com") && text.contains("api key set"))
        for secret in ["s3cret", "pw", "t0ken"] { #expect(!text.contains(secret)) }
        let error = OpenLineageHTTPError(code: .rejected, status: 401, message: "m")
        #expect(error.description == "OpenLineageHTTPError.rejected (HTTP 401): m")
    }

    @Test func backoffDoublesUpToThirtySeconds() throws {
        let configuration = OpenLineageHTTPConfiguration(
            url: URL(string: "http://m/api")!, retryBackoff: .seconds(1))
        #expect((1...7).map(configuration.backoff(afterAttempt:)) == [1, 2, 4, 8, 16, 30, 30].map { .seconds($0) })
        let zero = OpenLineageHTTPConfiguration(url: URL(string: "http://m/api")!, retryBackoff: .zero)
        #expect(zero.backoff(afterAttempt: 3) == .zero)
    }
}

@Suite struct NodePresenceTests {
    let started = Date(timeIntervalSince1970: 1_768_444_200.123)

    @Test func willIsRetainedQoS1OfflineJSON() throws {
        let presence = NodePresence(
            topics: try MQTTTopics(prefix: "acme/batchwire"), node: "worker#3", host: "h1", version: "1.2.3",
            startedAt: started)
        #expect(presence.topic == "acme/batchwire/nodes/worker%233")
        let will = presence.will(at: started.addingTimeInterval(5))
        #expect(will.topic == presence.topic && will.retain && will.qos == .atLeastOnce)
        #expect(will.properties.contentType == "application/json" && will.properties.payloadIsUTF8)
        let message = try NodePresenceMessage(jsonData: Data(will.payload))
        #expect(
            message
                == NodePresenceMessage(
                    node: "worker#3", state: .offline, reason: .connectionLost, since: started.addingTimeInterval(5),
                    host: "h1", version: "1.2.3", startedAt: started))
        #expect(
            String(decoding: will.payload, as: UTF8.self)
                == #"{"host":"h1","node":"worker#3","reason":"connection-lost","schemaVersion":1,"#
                + #""since":"2026-01-15T02:30:05.123Z","startedAt":"2026-01-15T02:30:00.123Z","state":"offline","#
                + #""version":"1.2.3"}"#)
    }

    @Test func messagesRoundTripAndBadPayloadsAreExplained() throws {
        let presence = NodePresence(topics: try MQTTTopics(), node: "a", host: "h", version: "v", startedAt: started)
        for state in NodePresenceMessage.State.allCases {
            for reason in NodePresenceMessage.Reason.allCases {
                let message = presence.message(state, reason: reason, since: started)
                #expect(try NodePresenceMessage(jsonData: message.jsonData()) == message)
            }
        }
        let newer =
            #"{"schemaVersion":2,"node":"a","state":"online","reason":"connected","since":"x","host":"h","version":"v","startedAt":"x"}"#
        #expect {
            try NodePresenceMessage(jsonData: Data(newer.utf8))
        } throws: { error in
            "\(error)".contains("upgrade Batchwire")
        }
        let badTime =
            #"{"schemaVersion":1,"node":"a","state":"online","reason":"connected","since":"yesterday","host":"h","version":"v","startedAt":"2026-01-15T02:30:00.000Z"}"#
        #expect {
            try NodePresenceMessage(jsonData: Data(badTime.utf8))
        } throws: { error in
            "\(error)".contains("'yesterday' is not an ISO-8601 instant")
        }
    }
}
