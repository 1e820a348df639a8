import BatchwireCore
import BatchwireStore
import Foundation
import Logging

/// Brings the events of other nodes to the dashboard's event streams: while at least one stream is open it
/// reads the shared outbox (`<prefix>BW_EVENT_OUTBOX`) by increasing `EVENT_ID`, one primary-key range query
/// per `interval` at most, and publishes each event on the ``DashboardEventHub``, which drops those this node
/// already published in-process (same event id). With no stream open it reads nothing and waits.
///
/// It works with or without a broker: every node writes its events to the outbox in the transaction of the
/// change they report, whether a relay publishes them or not. Run ``run()`` as a service of the daemon.
public struct DashboardOutboxTail: Sendable {
    let hub: DashboardEventHub
    let state: BatchwireStateStore
    let interval: Duration
    let logger: Logger
    /// Ids re-read behind the last one seen, for an event committed after a later-numbered one (the hub drops
    /// the repeats).
    static let lookBack: Int64 = 16
    /// Rows read at most per query.
    static let batchSize = 500

    /// A tail.
    /// - Parameters:
    ///   - hub: the hub the events go to.
    ///   - store: the state store over the shared outbox.
    ///   - interval: the least time between two reads while streams are open.
    ///   - logger: where read failures are logged (the tail keeps going).
    public init(hub: DashboardEventHub, store: BatchwireStateStore, interval: Duration = .seconds(1), logger: Logger) {
        self.hub = hub
        self.state = store
        self.interval = interval
        self.logger = logger
    }

    /// Follows the outbox while streams are open, until the task is cancelled or the hub finishes.
    public func run() async {
        var cursor: Cursor?
        while !Task.isCancelled {
            if hub.subscriberCount == 0 {
                // Nothing is read while no page listens; the next stream starts from the newest event.
                cursor = nil
                guard await hub.waitForSubscriber() else { return }
            }
            do {
                if let current = cursor {
                    cursor = try await readEvents(after: current)
                } else {
                    let newest = try await state.lastOutboxEventID()
                    cursor = Cursor(floor: newest, last: newest)
                }
            } catch {
                logger.warning("dashboard: the outbox could not be read; retrying", metadata: ["error": "\(error)"])
            }
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
        }
    }

    /// Where the tail is: the newest id when the streams opened (nothing at or before it is read), and the
    /// newest id read since.
    struct Cursor: Sendable, Hashable {
        var floor: Int64
        var last: Int64
    }

    /// Publishes the events after `cursor.last` (and up to ``lookBack`` ids before it, never at or before
    /// `cursor.floor`); returns the moved cursor.
    func readEvents(after cursor: Cursor) async throws(StoreError) -> Cursor {
        var moved = cursor
        while true {
            let from = max(moved.floor, moved.last - Self.lookBack)
            let rows = try await state.outboxEvents(after: from, limit: Self.batchSize)
            // The hub takes typed events, so a Batchwire event's payload is decoded (with the events' `Decodable`
            // conformance); a row whose routing columns say it is none is skipped without a look at its payload.
            for row in rows where row.routing != nil {
                guard let event = try? BatchwireEvent(jsonData: Data(row.payload.utf8)) else { continue }
                hub.publish(event)
            }
            let top = rows.last?.id ?? moved.last
            let full = rows.count == Self.batchSize && top > moved.last
            moved.last = max(moved.last, top)
            guard full else { return moved }
        }
    }
}
