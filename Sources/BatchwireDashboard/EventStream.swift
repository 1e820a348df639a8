import BatchwireCore
import Foundation
import Hummingbird

/// `GET /api/v1/events`: the node's events as server-sent events (`text/event-stream`), one JSON event per
/// `data:` line (the format of `docs/events.md`), fed by the ``DashboardEventHub``, and a comment line
/// (`: keep-alive`) every `keepAlive` so proxies and browsers keep an idle stream open. The
/// stream ends when the hub finishes (shutdown) or the client goes away.
enum EventStream {
    /// What the stream writes next.
    private enum Item: Sendable {
        case event(BatchwireEvent)
        case keepAlive
    }

    /// The comment line sent on a silent stream (a comment: `EventSource` ignores it).
    static let keepAliveFrame = ": keep-alive\n\n"

    static func response(hub: DashboardEventHub, keepAlive: Duration) -> Response {
        let events = hub.subscribe()
        var headers = DashboardResponse.securityHeaders
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.init("X-Accel-Buffering")!] = "no"
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "retry: 2000\n: connected\n\n"))
                let (items, sink) = AsyncStream.makeStream(of: Item.self, bufferingPolicy: .bufferingNewest(256))
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await event in events { sink.yield(.event(event)) }
                        sink.finish()
                    }
                    group.addTask {
                        // A tick per interval; a stream busy with events gets them anyway, which is harmless.
                        while true {
                            try await Task.sleep(for: keepAlive)
                            sink.yield(.keepAlive)
                        }
                    }
                    for await item in items {
                        switch item {
                        case .event(let event): try await writer.write(ByteBuffer(string: frame(event)))
                        case .keepAlive: try await writer.write(ByteBuffer(string: keepAliveFrame))
                        }
                    }
                    group.cancelAll()
                }
                try await writer.finish(nil)
            })
    }

    /// One event as an SSE frame: `id: <event id>` and `data: <json>`.
    static func frame(_ event: BatchwireEvent) -> String {
        let json = (try? event.jsonData()).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        // JSON holds no raw newline, but keep the frame valid whatever the encoder does.
        let data = json.split(separator: "\n", omittingEmptySubsequences: false).map { "data: \($0)" }
            .joined(separator: "\n")
        return "id: \(event.eventId.uuidString.lowercased())\n\(data)\n\n"
    }
}
