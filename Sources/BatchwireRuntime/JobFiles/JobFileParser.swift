import BatchwireCore
import BatchwireCron
import Yams

/// Reads one job file: a single job at the top level, or a `jobs:` list of them.
///
/// The format is documented in `docs/job-files.md`. Parsing is strict: unknown keys, wrong types and
/// invalid schedules are errors that name the file, line, column and reason.
public struct JobFileParser: Sendable {
    /// Checks a schedule of the named job beyond its shape (e.g. parses its cron expression, hashing `H`
    /// with the job's name as the scheduler does); returns the reason it is invalid, or `nil`.
    public typealias ScheduleCheck = @Sendable (_ schedule: ScheduleDefinition, _ jobName: String) -> String?

    private let scheduleCheck: ScheduleCheck

    /// - Parameter scheduleCheck: validates each schedule's expression and zone.
    public init(scheduleCheck: @escaping ScheduleCheck = { _, _ in nil }) {
        self.scheduleCheck = scheduleCheck
    }

    /// The keys each part of a job file may have, by part; `docs/job-file.schema.json` lists the same.
    public static let allowedKeys: [String: [String]] = [
        "job": [
            "name", "description", "restartable", "incrementer", "mqtt", "parameters", "lineage", "steps", "schedules",
            "triggers", "overlap",
        ],
        "mqtt": ["trigger"],
        "parameter": ["name", "type", "value", "identifying"],
        "lineage": ["inputs", "outputs"],
        "dataset": ["namespace", "name"],
        "step": [
            "name", "command", "http", "mqtt", "noop", "swift", "shell", "workdir", "env", "timeout", "retries",
            "allowStartIfComplete", "startLimit", "exitCodes",
        ],
        "http": ["url", "method", "headers", "body", "expect"],
        "mqttStep": ["topic", "payload", "qos", "reply"],
        "mqttReply": ["timeout"],
        "exitCode": ["status", "exitCode"],
        "schedule": [
            "name", "cron", "dialect", "every", "anchor", "zone", "misfire", "overlap", "hashSeed", "paused", "jitter",
            "jitterMode", "start", "end", "catchupWindow", "maxCatchup", "dst",
        ],
        "dst": ["gap", "overlap"],
        "trigger": ["mqtt", "dataset"],
        "mqttTrigger": ["topic", "parameters", "debounce"],
        "datasetTrigger": ["namespace", "name", "parameters"],
    ]

    static func keys(_ part: String) -> [String] { allowedKeys[part] ?? [] }

    /// Parses the text of one file.
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - file: the path to name in errors.
    /// - Throws: ``JobFileError`` for the first problem found.
    public func parse(_ text: String, file: String) throws -> [JobDefinition] {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw JobFileError(SourceLocation(file: file, line: 1, column: 1), "the file is empty; define a job")
            }
            root = node
        } catch let error as YamlError {
            throw Self.translate(error, file: file)
        }
        let top = try YAMLMapping(root, file: file, what: "a job file")
        if top.value("jobs") != nil {
            try top.rejectUnknownKeys(["jobs"], in: "a file with a jobs: list")
            let items = try top.sequence("jobs")
            guard !items.isEmpty else { throw JobFileError(top.location(of: "jobs"), "\"jobs\" is empty") }
            return try items.map { try job(YAMLMapping($0, file: file, what: "a job")) }
        }
        return [try job(top)]
    }

    private static func translate(_ error: YamlError, file: String) -> JobFileError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return JobFileError(SourceLocation(file: file, line: mark.line, column: mark.column), "invalid YAML: \(problem)")
        default:
            return JobFileError(SourceLocation(file: file, line: 1, column: 1), "invalid YAML: \(error)")
        }
    }

    private func job(_ map: YAMLMapping) throws -> JobDefinition {
        try map.rejectUnknownKeys(Self.keys("job"), in: "a job")
        let name = try map.requiredString("name", in: "a job")
        guard name.count <= 100 else {
            throw JobFileError(map.location(of: "name"), "a job name has at most 100 characters (Spring's JOB_NAME)")
        }
        var job = JobDefinition(name: name, location: map.location)
        job.description = try map.string("description")
        job.restartable = try map.bool("restartable") ?? true
        job.incrementer = try map.enumeration("incrementer", as: IncrementerKind.self) ?? .runID
        if let mqtt = map.value("mqtt") {
            let mqttMap = try YAMLMapping(mqtt, file: map.file, what: "\"mqtt\"")
            try mqttMap.rejectUnknownKeys(Self.keys("mqtt"), in: "\"mqtt\"")
            job.mqttTrigger = try mqttMap.bool("trigger") ?? false
        }
        job.parameters = try map.sequence("parameters").map { try parameter(YAMLMapping($0, file: map.file, what: "a parameter")) }
        if let lineage = map.value("lineage") {
            let lineageMap = try YAMLMapping(lineage, file: map.file, what: "\"lineage\"")
            try lineageMap.rejectUnknownKeys(Self.keys("lineage"), in: "\"lineage\"")
            job.inputs = try lineageMap.sequence("inputs").map { try dataset(YAMLMapping($0, file: map.file, what: "a dataset")) }
            job.outputs = try lineageMap.sequence("outputs").map { try dataset(YAMLMapping($0, file: map.file, what: "a dataset")) }
        }
        let steps = try map.sequence("steps")
        guard !steps.isEmpty else { throw JobFileError(map.location, "job \"\(name)\" needs at least one step") }
        job.steps = try steps.map { try step(YAMLMapping($0, file: map.file, what: "a step")) }
        var stepNames: Set<String> = []
        for step in job.steps where !stepNames.insert(step.name).inserted {
            throw JobFileError(map.location(of: "steps"), "job \"\(name)\" has two steps named \"\(step.name)\"")
        }
        job.schedules = try map.sequence("schedules").map {
            try schedule(YAMLMapping($0, file: map.file, what: "a schedule"), ofJob: name)
        }
        job.triggerOverlap = try map.enumeration("overlap", as: ScheduleDefinition.Overlap.self) ?? .allow
        job.triggers = try triggers(map, job: job)
        return job
    }

    private func parameter(_ map: YAMLMapping) throws -> ParameterDefinition {
        try map.rejectUnknownKeys(Self.keys("parameter"), in: "a parameter")
        let types = ["string", "long", "double", "date", "local-date", "local-date-time"]
        let type = try map.string("type") ?? "string"
        guard types.contains(type) else {
            throw JobFileError(map.location(of: "type"), "parameter type \"\(type)\" is unknown; use one of: \(types.joined(separator: ", "))")
        }
        return ParameterDefinition(
            name: try map.requiredString("name", in: "a parameter"),
            type: type,
            value: try map.string("value") ?? "",
            identifying: try map.bool("identifying") ?? true
        )
    }

    private func dataset(_ map: YAMLMapping) throws -> DatasetDefinition {
        try map.rejectUnknownKeys(Self.keys("dataset"), in: "a dataset")
        return DatasetDefinition(
            namespace: try map.requiredString("namespace", in: "a dataset"),
            name: try map.requiredString("name", in: "a dataset")
        )
    }

    private func step(_ map: YAMLMapping) throws -> StepDefinition {
        try map.rejectUnknownKeys(Self.keys("step"), in: "a step")
        let name = try map.requiredString("name", in: "a step")
        let kinds = StepKind.keys.filter { map.value($0) != nil }
        guard kinds.count == 1 else {
            // Point at the kind key that comes second in the file.
            let inFileOrder = kinds.map { map.location(of: $0) }.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
            let location = inFileOrder.count > 1 ? inFileOrder[1] : map.location
            throw JobFileError(
                location,
                "step \"\(name)\" needs exactly one of \"command\", \"http\", \"mqtt\", \"noop\" or \"swift\""
                    + (kinds.isEmpty ? "" : " (it has \(kinds.map { "\"\($0)\"" }.joined(separator: " and ")))"))
        }
        switch StepKind(rawValue: kinds[0]) {
        case .noop: return try noopStep(map, name: name)
        case .http: return try httpStep(map, name: name)
        case .mqtt: return try mqttStep(map, name: name)
        case .swift: return try swiftStep(map, name: name)
        case .command, nil: break
        }
        let commandNode = try map.value("command").map { $0 } ?? {
            throw JobFileError(map.location, "step \"\(name)\" needs \"command\"")
        }()
        let command: [String]
        if let items = commandNode.sequence {
            command = try items.map { item in
                guard let text = item.string else {
                    throw JobFileError(YAMLMapping.location(of: item, in: map.file), "command arguments must be text")
                }
                return text
            }
        } else if let text = commandNode.string {
            command = [text]
        } else {
            throw JobFileError(YAMLMapping.location(of: commandNode, in: map.file), "\"command\" must be a list of arguments")
        }
        guard !command.isEmpty, !command[0].isEmpty else {
            throw JobFileError(map.location(of: "command"), "step \"\(name)\" has an empty command")
        }
        var step = StepDefinition(name: name, command: command)
        step.shell = try map.bool("shell") ?? false
        if !step.shell, commandNode.sequence == nil {
            throw JobFileError(
                map.location(of: "command"),
                "a command given as one string runs through a shell only with \"shell: true\"; otherwise write it as a list: [program, arg, ...]"
            )
        }
        step.workingDirectory = try map.string("workdir")
        step.environment = try map.stringMap("env")
        try commonSettings(map, into: &step)
        step.exitCodes = try exitCodes(map)
        return step
    }

    /// A `noop: {}` step: the keys of command steps that mean nothing without a process are refused.
    private func noopStep(_ map: YAMLMapping, name: String) throws -> StepDefinition {
        let settings = map.value("noop")
        let isEmpty = settings?.mapping?.isEmpty ?? ["", "~", "null"].contains(settings?.scalar?.string ?? "")
        if !isEmpty {
            throw JobFileError(map.location(of: "noop"), "\"noop\" takes no settings: write noop: {}")
        }
        try rejectKeys(Self.commandOnlyKeys + ["exitCodes"], of: map, kind: .noop, name: name)
        var step = StepDefinition(name: name, kind: .noop)
        try commonSettings(map, into: &step)
        return step
    }

    /// The settings every kind of step takes: timeout, retries, allowStartIfComplete, startLimit.
    func commonSettings(_ map: YAMLMapping, into step: inout StepDefinition) throws {
        if let timeout = try map.string("timeout") {
            guard let seconds = DurationText.seconds(timeout) else {
                throw JobFileError(map.location(of: "timeout"), "timeout \"\(timeout)\" is not a duration such as 90s, 15m, 2h")
            }
            step.timeoutSeconds = Double(seconds)
        }
        step.retries = try map.int("retries", atLeast: 0) ?? 0
        step.allowStartIfComplete = try map.bool("allowStartIfComplete") ?? false
        step.startLimit = try map.int("startLimit", atLeast: 1)
    }

    /// `exitCodes: { 3: { status: COMPLETED, exitCode: NOOP } }`.
    func exitCodes(_ map: YAMLMapping) throws -> ExitCodeMapping {
        guard let node = map.value("exitCodes") else { return ExitCodeMapping() }
        guard let entries = node.mapping else {
            throw JobFileError(YAMLMapping.location(of: node, in: map.file), "\"exitCodes\" must map exit codes to { status, exitCode }")
        }
        var mapping = ExitCodeMapping()
        for (key, value) in entries {
            guard let code = key.int, let code32 = Int32(exactly: code), (0...255).contains(code32) else {
                throw JobFileError(YAMLMapping.location(of: key, in: map.file), "an exit code must be a whole number from 0 to 255")
            }
            let entry = try YAMLMapping(value, file: map.file, what: "an exit code entry")
            try entry.rejectUnknownKeys(Self.keys("exitCode"), in: "an exit code entry")
            let statusText = try entry.requiredString("status", in: "an exit code entry")
            let allowed: [BatchStatus] = [.completed, .failed, .stopped]
            guard let status = allowed.first(where: { $0.rawValue == statusText.uppercased() }) else {
                throw JobFileError(entry.location(of: "status"), "status \"\(statusText)\" must be COMPLETED, FAILED or STOPPED")
            }
            let exitCode = try entry.string("exitCode") ?? status.rawValue
            guard !exitCode.isEmpty, exitCode.count <= 100 else {
                throw JobFileError(entry.location(of: "exitCode"), "an exit code text has 1 to 100 characters, e.g. NOOP")
            }
            mapping.entries[code32] = ExitCodeMapping.Entry(status: status, exitCode: exitCode)
        }
        return mapping
    }

    private func schedule(_ map: YAMLMapping, ofJob jobName: String) throws -> ScheduleDefinition {
        try map.rejectUnknownKeys(Self.keys("schedule"), in: "a schedule")
        let cron = try map.string("cron")
        let every = try map.string("every")
        let trigger: ScheduleDefinition.Trigger
        switch (cron, every) {
        case (let expression?, nil):
            let dialect = try map.string("dialect") ?? "cron"
            guard dialect == "cron" || dialect == "quartz" else {
                throw JobFileError(map.location(of: "dialect"), "dialect \"\(dialect)\" is unknown; use cron or quartz")
            }
            trigger = .cron(expression: expression, dialect: dialect)
        case (nil, let interval?):
            guard let seconds = DurationText.seconds(interval) else {
                throw JobFileError(map.location(of: "every"), "every \"\(interval)\" is not a duration such as 90s, 15m, 2h")
            }
            trigger = .every(seconds: seconds, anchor: try map.string("anchor"))
        case (.some, .some):
            throw JobFileError(map.location, "a schedule has either \"cron\" or \"every\", not both")
        case (nil, nil):
            throw JobFileError(map.location, "a schedule needs \"cron\" (an expression) or \"every\" (a duration)")
        }
        var schedule = ScheduleDefinition(trigger: trigger, location: map.location)
        schedule.zone = try map.string("zone") ?? "UTC"
        schedule.misfire = try map.enumeration("misfire", as: ScheduleDefinition.Misfire.self) ?? .latest
        schedule.overlap = try map.enumeration("overlap", as: ScheduleDefinition.Overlap.self) ?? .skip
        schedule.hashSeed = try map.string("hashSeed")
        schedule.paused = try map.bool("paused") ?? false
        try scheduleExtras(map, into: &schedule)
        if let reason = scheduleCheck(schedule, jobName) {
            let key = cron != nil ? "cron" : "every"
            throw JobFileError(map.location(of: key), reason)
        }
        return schedule
    }
}
