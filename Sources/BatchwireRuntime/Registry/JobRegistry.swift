import Foundation
import Synchronization

/// Which jobs exist: those defined in files and those registered in code, as Spring's JobRegistry.
///
/// File jobs are replaced as a whole each time the folder is (re)loaded with ``apply(_:)``, with
/// one exception that keeps a typo from stopping production jobs: when a file fails to load, the
/// jobs it defined at its last good load stay registered, and its error is kept for `batchwire jobs`
/// and `batchwire validate` to show. A job registered in code cannot be redefined by a file.
public final class JobRegistry: Sendable {
    /// Where a registered job comes from.
    public enum Origin: Sendable, Equatable {
        case file(String)
        case code
    }

    /// A job and where it came from.
    public struct Entry: Sendable, Equatable {
        public let definition: JobDefinition
        public let origin: Origin
    }

    /// What one ``apply(_:)`` changed, by job name.
    public struct Changes: Sendable, Equatable {
        public var added: [String] = []
        public var changed: [String] = []
        public var removed: [String] = []
        public var isEmpty: Bool { added.isEmpty && changed.isEmpty && removed.isEmpty }

        public init(added: [String] = [], changed: [String] = [], removed: [String] = []) {
            self.added = added
            self.changed = changed
            self.removed = removed
        }
    }

    private struct State {
        var codeJobs: [String: JobDefinition] = [:]
        /// The jobs of each file at its last good load.
        var fileJobs: [String: [JobDefinition]] = [:]
        var errors: [JobFileError] = []
        var generation = 0
        /// The file of each file job, kept up to date by ``apply(_:)`` so that lookups and registering need
        /// not rebuild every entry (which made registering N jobs cost O(N²)). Code jobs are found in
        /// `codeJobs` itself: a second map of them cost about 10 MB at 100,000 jobs.
        var fileOf: [String: String] = [:]

        func origin(of name: String) -> Origin? {
            if codeJobs[name] != nil { return .code }
            return fileOf[name].map { .file($0) }
        }

        func definition(named name: String) -> JobDefinition? {
            if let job = codeJobs[name] { return job }
            guard let file = fileOf[name] else { return nil }
            return fileJobs[file]?.first { $0.name == name }
        }

        var jobCount: Int { codeJobs.count + fileOf.count }
    }

    private let state = Mutex(State())

    public init() {}

    /// Registers a job defined in code.
    /// - Throws: ``JobFileError`` when a job of that name is already registered.
    public func register(_ definition: JobDefinition) throws {
        try state.withLock { state in
            if let existing = state.origin(of: definition.name) {
                throw JobFileError(
                    definition.location,
                    "job \"\(definition.name)\" is already registered (\(existing)); job names must be unique"
                )
            }
            state.codeJobs[definition.name] = definition
            state.generation += 1
        }
    }

    /// Replaces the file jobs with a freshly loaded folder, keeping the last good jobs of files that failed.
    /// - Returns: which jobs were added, changed or removed.
    @discardableResult
    public func apply(_ set: JobFileSet) -> Changes {
        state.withLock { state in
            let before = Self.entries(state)
            let failedFiles = Set(set.errors.map(\.location.file))
            var fileJobs: [String: [JobDefinition]] = [:]
            for job in set.jobs { fileJobs[job.location.file, default: []].append(job) }
            for file in failedFiles where set.files.contains(file) {
                // A file that exists but did not load: keep what it had (unless another file now has the name).
                let kept = (state.fileJobs[file] ?? []).filter { job in !set.jobs.contains { $0.name == job.name } }
                fileJobs[file, default: []] += kept
            }
            var errors = set.errors
            for (file, jobs) in fileJobs {
                let clashing = jobs.filter { state.codeJobs[$0.name] != nil }
                for job in clashing {
                    errors.append(JobFileError(job.location, "job \"\(job.name)\" is already registered in code; rename it"))
                }
                fileJobs[file] = jobs.filter { state.codeJobs[$0.name] == nil }
            }
            state.fileJobs = fileJobs
            state.errors = errors.sorted { ($0.location.file, $0.location.line) < ($1.location.file, $1.location.line) }
            let after = Self.entries(state)
            state.fileOf = after.compactMapValues { entry in
                if case .file(let file) = entry.origin { file } else { nil }
            }
            var changes = Changes()
            changes.added = after.keys.filter { before[$0] == nil }.sorted()
            changes.removed = before.keys.filter { after[$0] == nil }.sorted()
            changes.changed = after.keys.filter { name in
                guard let old = before[name], let new = after[name] else { return false }
                return !Self.sameDefinition(old.definition, new.definition)
            }.sorted()
            if !changes.isEmpty { state.generation += 1 }
            return changes
        }
    }

    /// Definitions compare equal when only their position in a file moved.
    private static func sameDefinition(_ a: JobDefinition, _ b: JobDefinition) -> Bool {
        var a = a
        var b = b
        a.location = b.location
        for index in a.schedules.indices where index < b.schedules.count { a.schedules[index].location = b.schedules[index].location }
        b.location = a.location
        return a == b
    }

    private static func entries(_ state: State) -> [String: Entry] {
        var result: [String: Entry] = [:]
        for (file, jobs) in state.fileJobs {
            for job in jobs { result[job.name] = Entry(definition: job, origin: .file(file)) }
        }
        for (name, job) in state.codeJobs { result[name] = Entry(definition: job, origin: .code) }
        return result
    }

    /// The job named `name`, if registered.
    public func job(named name: String) -> JobDefinition? {
        state.withLock { $0.definition(named: name) }
    }

    /// Every registered job, ordered by name.
    public var entries: [Entry] {
        state.withLock { state in
            var result: [Entry] = []
            result.reserveCapacity(state.jobCount)
            for (file, jobs) in state.fileJobs {
                result += jobs.map { Entry(definition: $0, origin: .file(file)) }
            }
            result += state.codeJobs.values.map { Entry(definition: $0, origin: .code) }
            result.sort { $0.definition.name < $1.definition.name }
            return result
        }
    }

    /// The names of all registered jobs, sorted (JobOperator's `getJobNames`).
    public var jobNames: [String] { entries.map(\.definition.name) }

    /// How many jobs are registered (without listing them, as ``entries`` does).
    public var jobCount: Int { state.withLock { $0.jobCount } }

    /// The errors of the last load: files that did not load, duplicate names, clashes with code jobs.
    public var errors: [JobFileError] { state.withLock { $0.errors } }

    /// Increases every time the set of jobs or a definition changes; the scheduler compares it to
    /// know when to rebuild its queue.
    public var generation: Int { state.withLock { $0.generation } }
}

extension JobRegistry.Origin: CustomStringConvertible {
    public var description: String {
        switch self {
        case .file(let path): "in \(path)"
        case .code: "in code"
        }
    }
}
