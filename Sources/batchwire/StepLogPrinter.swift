import BatchwireCore
import BatchwireRuntime
import Foundation

/// Prints the output files of an execution's steps, and on later calls only what was added since, under
/// a header per file (`==> step extract (step execution 7, attempt 2) stderr <==`).
struct StepLogPrinter {
    let directory: URL
    /// Only this step's files, when set.
    let stepName: String?
    /// Bytes already printed, per file.
    private var printed: [String: UInt64] = [:]
    private var lastHeader: String?
    /// Whether any output was printed yet.
    private(set) var printedAny = false

    init(directory: URL, stepName: String?) {
        self.directory = directory
        self.stepName = stepName
    }

    /// Prints what is new in the files of `execution`'s steps. While the execution runs, a line still being
    /// written waits for its newline; once it ended, everything is printed.
    mutating func printNew(of execution: JobExecution) {
        let complete = !execution.isRunning
        for step in execution.stepExecutions.sorted(by: { $0.id < $1.id }) where stepName == nil || step.stepName == stepName {
            let attempts = StepLogFiles.existingAttempts(
                in: directory, jobExecutionID: execution.id, stepExecutionID: step.id, stepName: step.stepName)
            for (index, files) in attempts.enumerated() {
                let attempt = attempts.count > 1 ? ", attempt \(index + 1)" : ""
                for (stream, url) in [("stdout", files.standardOutput), ("stderr", files.standardError)] {
                    let header = "==> step \(step.stepName) (step execution \(step.id)\(attempt)) \(stream) <=="
                    printNew(url, header: header, wholeLinesOnly: !complete)
                }
            }
        }
    }

    private mutating func printNew(_ url: URL, header: String, wholeLinesOnly: Bool) {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return }
        defer { try? handle.close() }
        let offset = printed[url.path] ?? 0
        guard (try? handle.seek(toOffset: offset)) != nil, var data = try? handle.readToEnd(), !data.isEmpty else { return }
        if wholeLinesOnly {
            guard let lastNewline = data.lastIndex(of: UInt8(ascii: "\n")) else { return }
            data = data[data.startIndex...lastNewline]
        }
        printed[url.path] = offset + UInt64(data.count)
        if lastHeader != header {
            print((printedAny ? "\n" : "") + header)
            lastHeader = header
        }
        var text = String(decoding: data, as: UTF8.self)
        if !text.hasSuffix("\n") { text += "\n" }
        print(text, terminator: "")
        printedAny = true
    }
}
