import Foundation

/// The runs and fired slots serve recorded, read back after the load.
///
/// Every job has one step, so a run's launch is its step's `START_TIME`. Its slot is the `FIRE_TIME` of
/// the fired-slot row that names the execution (`<prefix>BW_FIRED_SLOT.JOB_EXECUTION_ID`), and also the
/// `fireTime` parameter the scheduler adds to every scheduled run (a `java.util.Date`, `PARAMETER_VALUE`
/// an ISO instant). The two can differ: with `incrementer: run-id` the incrementer copies the previous
/// run's parameters, so a binary that only adds `fireTime` when it is missing carries the first run's
/// value forward. Lateness uses the slot row when there is one and the parameter otherwise, and the
/// report counts the runs where they disagree.
struct RunRecords: Sendable {
    /// One job execution.
    struct Run: Sendable {
        let id: Int64
        let created: Date?
        let status: String
        /// The `fireTime` parameter.
        let fireTimeParameter: Date?
        /// The `FIRE_TIME` of the fired slot that started this execution.
        let slot: Date?
        /// The first step's `START_TIME`; `nil` if no step started.
        let stepStart: Date?

        /// The slot the run was fired for: the fired-slot row, else the parameter.
        var fireTime: Date? { slot ?? fireTimeParameter }

        /// Whether the `fireTime` parameter names another instant than the fired slot (more than 1 ms apart).
        var parameterDisagrees: Bool {
            guard let slot, let fireTimeParameter else { return false }
            return abs(slot.timeIntervalSince(fireTimeParameter)) > 0.001
        }

        /// Step start minus fire time.
        var lateness: Double? {
            guard let stepStart, let fireTime else { return nil }
            return stepStart.timeIntervalSince(fireTime)
        }
    }

    /// The fired-slot rows of one outcome kind (`started`, `skipped`, `missed`, `failed`, `undecided`).
    struct SlotOutcome: Sendable {
        let kind: String
        let count: Int
        /// One full outcome text of that kind, as an example of the reason.
        let example: String
    }

    let runs: [Run]

    /// The runs whose fire time lies in `[from, to)`.
    func runs(firedFrom from: Date, to: Date) -> [Run] {
        runs.filter { run in run.fireTime.map { $0 >= from && $0 < to } ?? false }
    }

    /// The runs created in `[from, to]`.
    func runs(createdFrom from: Date, to: Date) -> [Run] {
        runs.filter { run in run.created.map { $0 >= from && $0 <= to } ?? false }
    }

    /// How many runs have a `fireTime` parameter other than their fired slot.
    var parameterDisagreements: Int { runs.filter(\.parameterDisagrees).count }

    /// Reads every run: four plain queries joined here (no join on the unindexed fired-slot column).
    static func read(_ reader: any MetadataReader) async throws -> RunRecords {
        func byExecution(_ sql: String) async throws -> [Int64: Date] {
            var map: [Int64: Date] = [:]
            for row in try await reader.rows(sql) {
                guard row.count == 2, let id = row[0].flatMap({ Int64($0) }), let date = row[1].flatMap(UTCText.parse)
                else { continue }
                map[id] = date
            }
            return map
        }
        let parameters = try await byExecution(
            "SELECT JOB_EXECUTION_ID, PARAMETER_VALUE FROM BATCH_JOB_EXECUTION_PARAMS WHERE PARAMETER_NAME = 'fireTime'")
        let steps = try await byExecution(
            "SELECT JOB_EXECUTION_ID, MIN(START_TIME) FROM BATCH_STEP_EXECUTION GROUP BY JOB_EXECUTION_ID")
        let slots = try await byExecution(
            "SELECT JOB_EXECUTION_ID, FIRE_TIME FROM BATCH_BW_FIRED_SLOT WHERE JOB_EXECUTION_ID IS NOT NULL")
        let rows = try await reader.rows("SELECT JOB_EXECUTION_ID, CREATE_TIME, STATUS FROM BATCH_JOB_EXECUTION")
        let runs = rows.compactMap { row -> Run? in
            guard row.count == 3, let id = row[0].flatMap({ Int64($0) }) else { return nil }
            return Run(
                id: id, created: row[1].flatMap(UTCText.parse), status: row[2] ?? "NULL",
                fireTimeParameter: parameters[id], slot: slots[id], stepStart: steps[id])
        }
        return RunRecords(runs: runs)
    }

    /// The fired slots with a `FIRE_TIME` in `[from, to)` (all when `nil`), by outcome kind: the text
    /// before the first `:` of `OUTCOME` (`skipped: …`, `missed: …`), `undecided` when it is NULL.
    static func slotOutcomes(_ reader: any MetadataReader, from: Date? = nil, to: Date? = nil) async throws
        -> [SlotOutcome]
    {
        var filter = ""
        if let from, let to { filter = "WHERE FIRE_TIME >= '\(UTCText.sql(from))' AND FIRE_TIME < '\(UTCText.sql(to))'" }
        let rows = try await reader.rows(
            """
            SELECT CASE WHEN OUTCOME IS NULL THEN 'undecided'
                        WHEN INSTR(OUTCOME, ':') > 0 THEN SUBSTR(OUTCOME, 1, INSTR(OUTCOME, ':') - 1)
                        ELSE OUTCOME END AS KIND,
                   COUNT(*), MIN(OUTCOME)
            FROM BATCH_BW_FIRED_SLOT \(filter)
            GROUP BY KIND ORDER BY KIND
            """)
        return rows.compactMap { row in
            guard row.count == 3, let kind = row[0], let count = row[1].flatMap({ Int($0) }) else { return nil }
            return SlotOutcome(kind: kind, count: count, example: row[2] ?? "")
        }
    }

    /// Scenario (a)'s progress: runs that ended, runs in all, and slots given up (an outcome other than
    /// `started`), so the wait ends once every job has been dealt with.
    static func progress(_ reader: any MetadataReader) async throws -> (ended: Int, created: Int, givenUp: Int) {
        let row = try await reader.rows(
            """
            SELECT (SELECT COUNT(*) FROM BATCH_JOB_EXECUTION WHERE END_TIME IS NOT NULL),
                   (SELECT COUNT(*) FROM BATCH_JOB_EXECUTION),
                   (SELECT COUNT(*) FROM BATCH_BW_FIRED_SLOT WHERE OUTCOME IS NOT NULL AND OUTCOME <> 'started')
            """
        ).first ?? []
        func number(_ index: Int) -> Int { row.count > index ? (row[index].flatMap { Int($0) } ?? 0) : 0 }
        return (number(0), number(1), number(2))
    }
}
