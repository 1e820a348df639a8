import BatchwireStore
import Foundation
import Logging

/// What every node deletes after the retention (`event-retention`, 7 days by default), at start and then
/// hourly: fired-slot records, event-trigger records, and outbox events that no relay delivered in that time (a node without a
/// broker never delivers any; the relay itself prunes the delivered ones by their delivery time).
struct Housekeeping {
    let state: BatchwireStateStore
    let retention: Duration
    let logger: Logger
    var interval: Duration = .seconds(3600)

    /// Prunes now and then every `interval` until cancelled; a failed pass is logged and tried again later.
    func run() async {
        while !Task.isCancelled {
            await pass(now: Date())
            try? await Task.sleep(for: interval)
        }
    }

    /// One pass: every prune, each on its own so that one failing does not skip the others.
    func pass(now: Date) async {
        let cutoff = now.addingTimeInterval(-Double(retention.components.seconds))
        do {
            let deleted = try await state.pruneFiredSlots(claimedBefore: cutoff)
            if deleted > 0 { logger.info("pruned old fired slots", metadata: ["rows": "\(deleted)"]) }
        } catch {
            logger.warning("could not prune fired slots; trying again later", metadata: ["error": "\(error)"])
        }
        do {
            let deleted = try await state.pruneTriggerFires(receivedBefore: cutoff)
            if deleted > 0 { logger.info("pruned old trigger records", metadata: ["rows": "\(deleted)"]) }
        } catch {
            logger.warning("could not prune trigger records; trying again later", metadata: ["error": "\(error)"])
        }
        do {
            let deleted = try await state.pruneUndeliveredEvents(createdBefore: cutoff)
            if deleted > 0 {
                logger.notice(
                    "deleted outbox events no relay delivered within the event retention",
                    metadata: ["rows": "\(deleted)", "retention": "\(retention)"])
            }
        } catch {
            logger.warning("could not prune undelivered outbox events; trying again later", metadata: ["error": "\(error)"])
        }
    }
}
