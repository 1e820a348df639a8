/// A job as its file defines it: what runs, with which parameters, and when.
public struct JobDefinition: Sendable, Equatable {
    /// The job's unique name; the JOB_NAME of its instances.
    public var name: String
    /// What the job is for, in a sentence.
    public var description: String?
    /// Whether a failed or stopped execution may be restarted (Spring's `restartable`, default true).
    public var restartable: Bool = true
    /// How the next run's parameters are made.
    public var incrementer: IncrementerKind = .runID
    /// Whether an MQTT command may start this job.
    public var mqttTrigger: Bool = false
    /// Parameters every run gets unless a launch overrides them.
    public var parameters: [ParameterDefinition] = []
    /// The datasets the job reads.
    public var inputs: [DatasetDefinition] = []
    /// The datasets the job writes.
    public var outputs: [DatasetDefinition] = []
    /// The steps, run in order.
    public var steps: [StepDefinition] = []
    /// When the job fires; empty for a job that only runs on demand.
    public var schedules: [ScheduleDefinition] = []
    /// Where the job is defined.
    public var location: SourceLocation

    public init(name: String, location: SourceLocation) {
        self.name = name
        self.location = location
    }
}

/// How `startNextInstance` makes the next run's parameters.
public enum IncrementerKind: String, Sendable, CaseIterable {
    /// Spring's RunIdIncrementer: `run.id` one more than the last run's.
    case runID = "run-id"
    /// A database sequence: race-free across processes.
    case sequence
    /// The scheduled instant as an identifying parameter, so two nodes firing one slot meet on one instance.
    case fireTime = "fire-time"
    /// The parameters as given.
    case none
}

/// A default job parameter, in Spring Batch's types.
public struct ParameterDefinition: Sendable, Equatable {
    public var name: String
    /// `string`, `long`, `double`, `date`, `local-date` or `local-date-time`.
    public var type: String
    public var value: String
    public var identifying: Bool

    public init(name: String, type: String, value: String, identifying: Bool) {
        self.name = name
        self.type = type
        self.value = value
        self.identifying = identifying
    }
}

/// A dataset in lineage, OpenLineage style.
public struct DatasetDefinition: Sendable, Equatable {
    /// Where the dataset lives, e.g. `mysql://orders-db:3306`.
    public var namespace: String
    /// Its name within the namespace, e.g. `shop.orders`.
    public var name: String

    public init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }
}

/// One step: a command, run without a shell unless asked.
public struct StepDefinition: Sendable, Equatable {
    public var name: String
    /// The argument vector; the first element is the program.
    public var command: [String]
    /// Run `command` through `/bin/sh -c` (the command must then be one string).
    public var shell: Bool = false
    public var workingDirectory: String?
    public var environment: [String: String] = [:]
    /// The time limit in seconds, if any.
    public var timeoutSeconds: Double?
    /// How many times a failed step is retried.
    public var retries: Int = 0
    /// Run again on restart even when it completed (Spring's `allowStartIfComplete`).
    public var allowStartIfComplete: Bool = false
    /// How many times the step may be started over all executions of an instance.
    public var startLimit: Int?
    /// What the command's exit codes mean, beyond 0 → COMPLETED and others → FAILED.
    public var exitCodes = ExitCodeMapping()

    public init(name: String, command: [String]) {
        self.name = name
        self.command = command
    }
}
