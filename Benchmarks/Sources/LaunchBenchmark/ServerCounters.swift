import Foundation

/// The global status counters of the MariaDB under test that the benchmark compares before and after
/// the load: statements, transactions, deadlocks.
struct ServerCounters: Sendable {
    /// Every counter read, as `SHOW GLOBAL STATUS` names them.
    static let names = [
        "Questions", "Com_select", "Com_insert", "Com_update", "Com_delete", "Com_commit", "Com_rollback",
        "Handler_commit", "Handler_rollback", "Innodb_deadlocks", "Innodb_row_lock_waits",
    ]

    /// The values by name (missing counters read as 0).
    var values: [String: Int64]

    subscript(name: String) -> Int64 { values[name] ?? 0 }

    /// The statements that change or read rows: `Com_select + Com_insert + Com_update + Com_delete`.
    var dmlAndSelect: Int64 { self["Com_select"] + self["Com_insert"] + self["Com_update"] + self["Com_delete"] }

    /// Explicit transaction ends: `Com_commit + Com_rollback`.
    var transactions: Int64 { self["Com_commit"] + self["Com_rollback"] }

    static func - (lhs: ServerCounters, rhs: ServerCounters) -> ServerCounters {
        var values: [String: Int64] = [:]
        for name in names { values[name] = lhs[name] - rhs[name] }
        return ServerCounters(values: values)
    }

    static func + (lhs: ServerCounters, rhs: ServerCounters) -> ServerCounters {
        var values: [String: Int64] = [:]
        for name in names { values[name] = lhs[name] + rhs[name] }
        return ServerCounters(values: values)
    }

    static func * (lhs: ServerCounters, factor: Int64) -> ServerCounters {
        var values: [String: Int64] = [:]
        for name in names { values[name] = lhs[name] * factor }
        return ServerCounters(values: values)
    }

    static let zero = ServerCounters(values: [:])
}

/// What the benchmark's own statements add to the global counters, measured on the idle server before
/// serve starts, so that it can be subtracted from the load's figures.
struct OwnStatementCost: Sendable {
    /// One reading of the counters (the closing reading is itself counted).
    let snapshot: ServerCounters
    /// One progress poll (scenario a polls about once a second).
    let poll: ServerCounters

    /// The benchmark's share of a delta taken over `polls` polls.
    func share(polls: Int) -> ServerCounters { snapshot + poll * Int64(polls) }
}
