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

    /// Every cycle, each as the job names along it (the first repeated at the end), one per job in it.
    static func cycles(in jobs: [JobDefinition]) -> [String: [String]] {
        let edges = downstream(of: jobs)
        var found: [String: [String]] = [:]
        for start in jobs.map(\.name).sorted() where found[start] == nil {
            if let path = path(from: start, to: start, edges: edges) {
                for name in path where found[name] == nil { found[name] = path }
            }
        }
        return found
    }

    /// A shortest path from `start` back to `target` (breadth first), or `nil`.
    private static func path(from start: String, to target: String, edges: [String: [String]]) -> [String]? {
        var previous: [String: String] = [:]
        var queue = [start]
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for next in edges[node] ?? [] {
                if next == target {
                    var path = [target, node]
                    var step = node
                    while step != start, let before = previous[step] {
                        path.append(before)
                        step = before
                    }
                    if path.last != start { path.append(start) }
                    return Array(path.reversed()).dropFirst().map { $0 } + [target]
                }
                if previous[next] == nil && next != start {
                    previous[next] = node
                    queue.append(next)
                }
            }
        }
        return nil
    }
}
