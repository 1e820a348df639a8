import Foundation

/// Everything found in a folder of job files: the jobs that loaded and the errors of those that
/// did not. A bad file never hides the good ones.
public struct JobFileSet: Sendable {
    /// The jobs, ordered by name.
    public var jobs: [JobDefinition]
    /// One error per bad file (or per duplicate job name), ordered by file.
    public var errors: [JobFileError]
    /// The files read, ordered by path.
    public var files: [String]
}

/// Loads every `*.yaml` / `*.yml` file in a folder (not recursively, hidden files skipped).
public struct JobFileLoader: Sendable {
    private let parser: JobFileParser

    /// - Parameter parser: the parser to use for each file.
    public init(parser: JobFileParser = JobFileParser()) {
        self.parser = parser
    }

    /// The job file paths in `directory`, sorted.
    /// - Throws: ``JobFileError`` when the folder cannot be read.
    public static func files(in directory: String) throws -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw JobFileError(
                SourceLocation(file: directory, line: 1, column: 1),
                "cannot read the schedules folder; create it or set BATCHWIRE_SCHEDULES_DIR (\(error.localizedDescription))"
            )
        }
        return names
            .filter { !$0.hasPrefix(".") && ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) }
            .sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
    }

    /// Loads the given files, isolating errors per file.
    public func load(files: [String]) -> JobFileSet {
        var jobs: [JobDefinition] = []
        var errors: [JobFileError] = []
        for file in files.sorted() {
            do {
                let data = try Data(contentsOf: URL(fileURLWithPath: file))
                guard let text = String(data: data, encoding: .utf8) else {
                    throw JobFileError(SourceLocation(file: file, line: 1, column: 1), "the file is not UTF-8 text")
                }
                jobs += try parser.parse(text, file: file)
            } catch let error as JobFileError {
                errors.append(error)
            } catch {
                errors.append(JobFileError(SourceLocation(file: file, line: 1, column: 1), "cannot read the file: \(error.localizedDescription)"))
            }
        }
        var byName: [String: JobDefinition] = [:]
        var unique: [JobDefinition] = []
        for job in jobs {
            if let first = byName[job.name] {
                errors.append(JobFileError(
                    job.location,
                    "job \"\(job.name)\" is also defined at \(first.location); job names must be unique, rename one"
                ))
            } else {
                byName[job.name] = job
                unique.append(job)
            }
        }
        let cycles = TriggerCycles.cycles(in: unique)
        for job in unique {
            guard let cycle = cycles[job.name] else { continue }
            errors.append(JobFileError(
                job.location,
                "job \"\(job.name)\" is in a cycle of dataset triggers (\(cycle.joined(separator: " → "))): each run would start "
                    + "the next for ever; remove one of the triggers or outputs"
            ))
        }
        unique.removeAll { cycles[$0.name] != nil }
        return JobFileSet(jobs: unique.sorted { $0.name < $1.name }, errors: errors, files: files.sorted())
    }

    /// Loads every job file in `directory`.
    public func load(directory: String) -> JobFileSet {
        do {
            return load(files: try Self.files(in: directory))
        } catch let error as JobFileError {
            return JobFileSet(jobs: [], errors: [error], files: [])
        } catch {
            return JobFileSet(jobs: [], errors: [], files: [])
        }
    }
}
