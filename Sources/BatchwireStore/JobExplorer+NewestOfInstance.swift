import BatchwireCore

extension JobExplorer {
    /// Whether `execution` is the newest execution of its instance: the one Spring restarts the instance from.
    ///
    /// Reads the highest id among the instance's executions from `execution`'s id up: on MySQL through the
    /// `JOB_INSTANCE_ID` foreign-key index, on SQLite (whose Spring schema has no index on it) along the primary
    /// key from that id, so the cost is the count of executions created since, not the table's size.
    /// - Parameter execution: the execution.
    /// - Throws: ``StoreError`` `.database`.
    public func isNewestOfItsInstance(_ execution: JobExecution) async throws(StoreError) -> Bool {
        let instanceID = execution.jobInstance.id
        let executionID = execution.id
        let table = context.names.jobExecution
        return try await read("isNewestOfItsInstance") { queries in
            let newest = try await queries.session.query(
                "SELECT MAX(JOB_EXECUTION_ID) AS N FROM \(table) WHERE JOB_EXECUTION_ID >= ? AND JOB_INSTANCE_ID = ?",
                [.int(executionID), .int(instanceID)]
            ).first?.intIfPresent("N")
            return newest == executionID
        }
    }
}
