import BatchwireCore
import Foundation
import Hummingbird

/// `GET /api/v1/events`: the node's events as server-sent events (`text/event-stream`), one JSON event per
/// `data:` line (the format of `docs/events.md`), fed by the ``DashboardEventHub``. The stream ends when the
/// hub finishes (shutdown) or the client goes away.
enum EventStream {
    static func response(hub: DashboardEventHub) -> Response {
        let events = hub.subscribe()
        var headers = DashboardResponse.securityHeaders
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.init("X-Accel-Buffering")!] = "no"
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "retry: 2000\n: connected\n\n"))
                for await event in events {
                    try await writer.write(ByteBuffer(string: frame(event)))
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
