/// Finds chains of dataset triggers that lead back to where they started (A writes what B waits for, B
/// writes what A waits for): such jobs would start each other for ever, so they are refused when the files
/// load, each with an error that names the whole cycle.
enum TriggerCycles {
    /// The jobs downstream of each job: those with a dataset trigger on one of its outputs.
    static func downstream(of jobs: [JobDefinition]) -> [String: [String]] {
        var waiting: [DatasetDefinition: [String]] = [:]
        for job in jobs {
            for case .dataset(let trigger) in job.triggers { waiting[trigger.dataset, default: []].append(job.name) }
        }
        var edges: [String: [String]] = [:]
        for job in jobs {
            let next = job.outputs.flatMap { waiting[$0] ?? [] }
            if !next.isEmpty { edges[job.name] = Array(Set(next)).sorted() }
        }
        return edges
    }

    /// The jobs in a cycle, each with its cycle as job names from it back to it (`a → b → a`).
    static func cycles(in jobs: [JobDefinition]) -> [String: [String]] {
        let edges = downstream(of: jobs)
        var found: [String: [String]] = [:]
        for job in jobs {
            if let path = path(back: job.name, edges: edges) { found[job.name] = path }
        }
        return found
    }

    /// A shortest path from `start` back to itself (breadth first), or `nil`.
    private static func path(back start: String, edges: [String: [String]]) -> [String]? {
        var previous: [String: String] = [:]
        var queue = [start]
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for next in edges[node] ?? [] {
                if next == start {
                    var path = [node]
                    while let before = previous[path.last!] { path.append(before) }
                    return [start] + path.reversed().drop { $0 == start } + [start]
                }
                if previous[next] == nil {
                    previous[next] = node
                    queue.append(next)
                }
            }
        }
        return nil
    }
}
