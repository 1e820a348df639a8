import BatchwireCore
import BatchwireDashboard
import BatchwireListeners
import BatchwireRuntime
import BatchwireTestSupport
import Foundation
import HummingbirdTesting
import Testing

/// `GET /api/v1/events`: the listener stream as server-sent events.
@Suite struct DashboardEventStreamTests {
    @Test func eventsOfARunReachAnOpenStreamAsTheyHappen() async throws {
        try await DashboardHarness.run(.sqlite) { fixture in
            try fixture.register("hello", steps: [("say", "true")])
        } _: { harness, client in
            let hub = harness.dashboard.events
            async let streamed = client.get("/api/v1/events")
            try await eventually("the stream to subscribe") { hub.subscriberCount == 1 }
            // Feed the hub from a dispatcher, as the daemon does.
            let dispatcher = ListenerDispatcher(listeners: [NamedListener(name: "dashboard", listener: hub)])
            let jobOperator = harness.fixture.makeOperator(dispatcher: dispatcher)
            let execution = try await jobOperator.startNextInstance(jobName: "hello")
            #expect(try await finished(jobOperator, execution.id).status == .completed)
            _ = await dispatcher.shutdown(gracePeriod: .seconds(5))
            hub.finish()
            let response = try await streamed
            #expect(response.headers[.contentType] == "text/event-stream; charset=utf-8")
            let body = text(response)
            #expect(body.hasPrefix("retry: 2000\n"))
            let frames = body.components(separatedBy: "\n\n").filter { $0.contains("data: ") }
            #expect(frames.count >= 4)
            #expect(body.contains("\"type\":\"job-created\""))
            #expect(body.contains("\"status\":\"COMPLETED\""))
            #expect(body.contains("\"jobExecutionId\":\(execution.id)"))
            #expect(hub.subscriberCount == 0)
        }
    }

    @Test func aFinishedHubEndsNewStreamsAtOnce() async throws {
        let hub = DashboardEventHub()
        hub.finish()
        var count = 0
        for await _ in hub.subscribe() { count += 1 }
        #expect(count == 0 && hub.subscriberCount == 0)
    }
}

/// `GET /api/v1/events` on a quiet node: a comment line keeps proxies and browsers from closing it.
@Suite struct DashboardKeepAliveTests {
    @Test func anIdleStreamGetsAKeepAliveCommentEveryInterval() async throws {
        try await DashboardHarness.run(.sqlite, keepAlive: .milliseconds(100)) {
            harness, client in
            let hub = harness.dashboard.events
            async let streamed = client.get("/api/v1/events")
            try await eventually("the stream to subscribe") { hub.subscriberCount == 1 }
            // 15 intervals of idle time: on a loaded 2-core CI machine the server's 100 ms sleeps ran late enough
            // that 550 ms (5 intervals) once held only 2 keep-alives.
            try await Task.sleep(for: .milliseconds(1_500))
            hub.finish()
            let body = text(try await streamed)
            let keepAlives = body.components(separatedBy: "\n: keep-alive\n\n").count - 1
            #expect(keepAlives >= 3, "\(body)")
            #expect(!body.contains("data: "))
        }
    }

    @Test func theDefaultIntervalIsFifteenSeconds() {
        #expect(DashboardConfiguration(nodeID: "n").keepAliveInterval == .seconds(15))
    }
}
