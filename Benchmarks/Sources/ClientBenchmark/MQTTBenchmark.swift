import BenchmarkSupport
import Foundation
import MosquittoClient

/// Acknowledged QoS 1 publishes per second against the private broker:
/// pipelined (many in flight, every PUBACK awaited), pipelined with a QoS 1 subscriber reading them,
/// and one at a time (the round trip of a single `await publish`).
func runMQTTBenchmark() async {
    guard let broker = try? BenchmarkEnvironment.mqtt() else {
        print("mqtt benchmark: BATCHWIRE_TEST_MQTT_* not set; run scripts/services.sh start and source its env file")
        return
    }
    func configuration(_ role: String) -> MQTTConfiguration {
        MQTTConfiguration(
            host: broker.host, port: broker.port, clientID: "bench-\(role)-\(ProcessInfo.processInfo.processIdentifier)",
            username: broker.user, password: broker.password)
    }
    do {
        let publisher = try MQTTClient(configuration: configuration("pub"))
        try await publisher.connect()
        let topic = "batchwire/bench/\(UUID().uuidString.prefix(8))"
        let payload = [UInt8](repeating: 0x61, count: 200)

        // Warm-up.
        try await pipelined(publisher, topic: topic + "/warm", payload: payload, count: 2_000, window: 500)

        for window in [64, 1_000] {
            let count = 50_000
            let seconds = try await pipelined(publisher, topic: topic + "/nosub", payload: payload, count: count,
                                              window: window)
            report("QoS 1 pipelined, \(window) in flight, no subscriber", count: count, seconds: seconds)
        }

        let subscriber = try MQTTClient(configuration: configuration("sub"))
        try await subscriber.connect()
        let subscription = try await subscriber.subscribe(topic + "/sub", qos: .atLeastOnce)
        let count = 30_000
        let reader = Task {
            var received = 0
            for try await _ in subscription {
                received += 1
                if received == count { break }
            }
            return received
        }
        let start = ContinuousClock.now
        let acked = try await pipelined(publisher, topic: topic + "/sub", payload: payload, count: count, window: 1_000)
        let received = try await reader.value
        let delivered = seconds(ContinuousClock.now - start)
        report("QoS 1 pipelined with one QoS 1 subscriber (acked)", count: count, seconds: acked)
        report("  ... all \(received) delivered to the subscriber", count: received, seconds: delivered)

        let sequential = 5_000
        let sequentialStart = ContinuousClock.now
        for _ in 0..<sequential {
            try await publisher.publish(topic: topic + "/seq", payload: payload, qos: .atLeastOnce)
        }
        let sequentialSeconds = seconds(ContinuousClock.now - sequentialStart)
        report("QoS 1 one at a time (await each PUBACK)", count: sequential, seconds: sequentialSeconds)
        print(String(format: "  round trip: %.1f µs per publish", sequentialSeconds / Double(sequential) * 1e6))

        let qos0 = 200_000
        let qos0Start = ContinuousClock.now
        for _ in 0..<qos0 {
            try await publisher.publish(topic: topic + "/qos0", payload: payload, qos: .atMostOnce)
        }
        report("QoS 0 handed to libmosquitto", count: qos0, seconds: seconds(ContinuousClock.now - qos0Start))

        await subscriber.disconnect()
        await publisher.disconnect()
    } catch {
        print("mqtt benchmark failed: \(error)")
    }
}

/// Publishes `count` QoS 1 messages with at most `window` awaiting their PUBACK; returns the seconds
/// until the last acknowledgement.
@discardableResult
private func pipelined(_ client: MQTTClient, topic: String, payload: [UInt8], count: Int, window: Int) async throws
    -> Double
{
    let start = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        var started = 0
        while started < min(window, count) {
            group.addTask { try await client.publish(topic: topic, payload: payload, qos: .atLeastOnce) }
            started += 1
        }
        while try await group.next() != nil {
            if started < count {
                group.addTask { try await client.publish(topic: topic, payload: payload, qos: .atLeastOnce) }
                started += 1
            }
        }
    }
    return seconds(ContinuousClock.now - start)
}

private func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

private func report(_ what: String, count: Int, seconds: Double) {
    print(String(format: "mqtt: %@: %d in %.3f s = %.0f/s", what, count, seconds, Double(count) / seconds))
}
