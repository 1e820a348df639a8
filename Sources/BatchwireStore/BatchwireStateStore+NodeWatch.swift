import BatchwireCore
import Foundation

extension BatchwireStateStore {
    /// What one look at the database tells a node about the executions it runs.
    public struct OwnedExecutionsReport: Sendable, Hashable {
        /// Executions whose stored status asks them to end (STOPPING, STOPPED, FAILED, ABANDONED, UNKNOWN):
        /// an operator's stop, or another node's verdict.
        public var endRequested: [Int64: BatchStatus] = [:]
        /// Executions whose lease another node now holds (or that have no lease row any more).
        public var leaseLost: Set<Int64> = []
    }

    /// Looks at every execution in `ids` in one query per 500 ids: which ones were asked to end, and which
    /// ones this node no longer holds the lease of. It replaces a status poll per running execution.
    /// - Throws: ``StoreError`` `.database`.
    public func watchOwnedExecutions(_ ids: [Int64], nodeID: String) async throws(StoreError) -> OwnedExecutionsReport {
        guard !ids.isEmpty else { return OwnedExecutionsReport() }
        let names = context.names
        return try await context.database.transaction("watchOwnedExecutions", .singleRead) { session in
            var report = OwnedExecutionsReport()
            for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
                let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                let rows = try await session.query(
                    "SELECT E.JOB_EXECUTION_ID, E.STATUS, O.NODE_ID FROM \(names.jobExecution) E LEFT JOIN "
                        + "\(names.executionOwner) O ON O.JOB_EXECUTION_ID = E.JOB_EXECUTION_ID "
                        + "WHERE E.JOB_EXECUTION_ID IN (\(placeholders)) "
                        + "AND (E.STATUS NOT IN ('STARTING', 'STARTED') OR O.NODE_ID IS NULL OR O.NODE_ID <> ?)",
                    chunk.map { .int($0) } + [.text(nodeID)])
                for row in rows {
                    let id = try row.int("JOB_EXECUTION_ID")
                    let status = try MetadataQueries.status(try row.textIfPresent("STATUS"), table: names.jobExecution)
                    let isRunning = status == .starting || status == .started
                    if !isRunning { report.endRequested[id] = status }
                    let owner = try row.textIfPresent("NODE_ID")
                    // No lease row is this node's own release with the execution's end, unless the run goes on.
                    if let owner, owner != nodeID { report.leaseLost.insert(id) }
                    if owner == nil && isRunning { report.leaseLost.insert(id) }
                }
            }
            return report
        }
    }
}
