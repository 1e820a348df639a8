/// A job as its file defines it: what runs, with which parameters, and when.
///
/// A value type with copy-on-write storage: the registry's copy, the lists it hands out and the launcher's
/// copy share one allocation until one is changed, and equal copies compare without comparing fields.
/// Inline, each of 100,000 registered jobs cost 112 bytes in every dictionary bucket and list holding it.
public struct JobDefinition: Sendable, Equatable {
    /// The fields, shared between copies until one is changed.
    private var storage: Storage

    public init(name: String, location: SourceLocation) {
        storage = Storage(Fields(name: name, location: location))
    }

    /// The job's unique name; the JOB_NAME of its instances.
    public var name: String {
        get { storage.fields.name }
        set { mutate { $0.name = newValue } }
    }
    /// What the job is for, in a sentence.
    public var description: String? {
        get { storage.fields.description }
        set { mutate { $0.description = newValue } }
    }
    /// Whether a failed or stopped execution may be restarted (Spring's `restartable`, default true).
    public var restartable: Bool {
        get { storage.fields.restartable }
        set { mutate { $0.restartable = newValue } }
    }
    /// How the next run's parameters are made.
    public var incrementer: IncrementerKind {
        get { storage.fields.incrementer }
        set { mutate { $0.incrementer = newValue } }
    }
    /// Whether an MQTT command may start this job.
    public var mqttTrigger: Bool {
        get { storage.fields.mqttTrigger }
        set { mutate { $0.mqttTrigger = newValue } }
    }
    /// Parameters every run gets unless a launch overrides them.
    public var parameters: [ParameterDefinition] {
        get { storage.fields.parameters }
        set { mutate { $0.parameters = newValue } }
    }
    /// The datasets the job reads.
    public var inputs: [DatasetDefinition] {
        get { storage.fields.inputs }
        set { mutate { $0.inputs = newValue } }
    }
    /// The datasets the job writes.
    public var outputs: [DatasetDefinition] {
        get { storage.fields.outputs }
        set { mutate { $0.outputs = newValue } }
    }
    /// The steps, run in order.
    public var steps: [StepDefinition] {
        get { storage.fields.steps }
        set { mutate { $0.steps = newValue } }
    }
    /// When the job fires; empty for a job that only runs on demand.
    public var schedules: [ScheduleDefinition] {
        get { storage.fields.schedules }
        set { mutate { $0.schedules = newValue } }
    }
    /// The events that start the job: MQTT messages and other jobs' dataset outputs.
    public var triggers: [TriggerDefinition] {
        get { storage.fields.triggers }
        set { mutate { $0.triggers = newValue } }
    }
    /// What a trigger does while a run of the job is still going (`overlap:` at the job's top level; the
    /// schedules have their own). Default `allow`: every message is its own run.
    public var triggerOverlap: ScheduleDefinition.Overlap {
        get { storage.fields.triggerOverlap }
        set { mutate { $0.triggerOverlap = newValue } }
    }
    /// Where the job is defined.
    public var location: SourceLocation {
        get { storage.fields.location }
        set { mutate { $0.location = newValue } }
    }

    public static func == (lhs: JobDefinition, rhs: JobDefinition) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.fields == rhs.storage.fields
    }

    /// Changes the fields in place when this copy is their only owner, otherwise in a fresh copy.
    private mutating func mutate(_ change: (inout Fields) -> Void) {
        if isKnownUniquelyReferenced(&storage) {
            change(&storage.fields)
        } else {
            var fields = storage.fields
            change(&fields)
            storage = Storage(fields)
        }
    }

    private struct Fields: Equatable {
        var name: String
        var description: String?
        var parameters: [ParameterDefinition] = []
        var inputs: [DatasetDefinition] = []
        var outputs: [DatasetDefinition] = []
        var steps: [StepDefinition] = []
        var schedules: [ScheduleDefinition] = []
        var triggers: [TriggerDefinition] = []
        var triggerOverlap: ScheduleDefinition.Overlap = .allow
        var location: SourceLocation
        var restartable = true
        var incrementer: IncrementerKind = .runID
        var mqttTrigger = false

        init(name: String, location: SourceLocation) {
            self.name = name
            self.location = location
        }
    }

    /// One allocation shared by copies. Mutated only through ``mutate(_:)`` while uniquely referenced, so
    /// no two threads ever see it change: that is why the unchecked `Sendable` is safe.
    private final class Storage: @unchecked Sendable {
        var fields: Fields

        init(_ fields: Fields) {
            self.fields = fields
        }
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
public struct DatasetDefinition: Sendable, Hashable {
    /// Where the dataset lives, e.g. `mysql://orders-db:3306`.
    public var namespace: String
    /// Its name within the namespace, e.g. `shop.orders`.
    public var name: String

    public init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }
}

/// One step: a command (run without a shell unless asked), an HTTP call, an MQTT message (and its answer), a
/// registered Swift step, or nothing (``StepKind``).
///
/// The fields are ordered so that the optional and one-byte ones pack together; the settings of the in-process
/// kinds share one boxed, optional field, so a step takes 96 bytes, as before.
public struct StepDefinition: Sendable, Equatable {
    public var name: String
    /// The argument vector; the first element is the program (empty for other kinds).
    public var command: [String]
    public var workingDirectory: String?
    public var environment: [String: String] = [:]
    /// How many times a failed step is retried.
    public var retries: Int = 0
    /// What the command's exit codes mean, beyond 0 → COMPLETED and others → FAILED (for `http` and `mqtt`
    /// steps: what a whole-number `exitCode` in the answer means).
    public var exitCodes = ExitCodeMapping()
    /// `startLimit`, with `Int.min` for none (an `Int?` takes 16 bytes here, not 8).
    private var storedStartLimit = Int.min
    /// The settings of the `http`, `mqtt` and `swift` kinds (before `timeoutSeconds`: no padding between them).
    private var kindSettings: KindSettings?
    /// The time limit in seconds, if any.
    public var timeoutSeconds: Double?
    /// Run `command` through `/bin/sh -c` (the command must then be one string).
    public var shell: Bool = false
    /// Run again on restart even when it completed (Spring's `allowStartIfComplete`).
    public var allowStartIfComplete: Bool = false
    /// What the step does (``StepKind``); last, beside the other one-byte fields.
    public var kind: StepKind = .command

    /// The settings of the in-process kinds, boxed.
    private indirect enum KindSettings: Sendable, Equatable {
        case http(HTTPStepDefinition)
        case mqtt(MQTTStepDefinition)
        case swift(String)
    }

    public init(name: String, command: [String]) {
        self.name = name
        self.command = command
    }

    /// A step of another kind than a command; give `http` and `mqtt` steps their settings with ``http`` and
    /// ``mqtt``, `swift` steps their name with ``swiftStepName``.
    public init(name: String, kind: StepKind) {
        self.name = name
        self.kind = kind
        self.command = []
    }

    /// An `http` step.
    public init(name: String, http: HTTPStepDefinition) {
        self.init(name: name, kind: .http)
        self.http = http
    }

    /// An `mqtt` step.
    public init(name: String, mqtt: MQTTStepDefinition) {
        self.init(name: name, kind: .mqtt)
        self.mqtt = mqtt
    }

    /// A `swift` step running the ``SwiftStep`` registered as `swiftStepName`.
    public init(name: String, swiftStepName: String) {
        self.init(name: name, kind: .swift)
        self.swiftStepName = swiftStepName
    }

    /// How many times the step may be started over all executions of an instance.
    public var startLimit: Int? {
        get { storedStartLimit == Int.min ? nil : storedStartLimit }
        set { storedStartLimit = newValue ?? Int.min }
    }

    /// The `http:` settings of an `http` step.
    public var http: HTTPStepDefinition? {
        get { if case .http(let settings)? = kindSettings { settings } else { nil } }
        set { kindSettings = newValue.map(KindSettings.http) }
    }

    /// The `mqtt:` settings of an `mqtt` step.
    public var mqtt: MQTTStepDefinition? {
        get { if case .mqtt(let settings)? = kindSettings { settings } else { nil } }
        set { kindSettings = newValue.map(KindSettings.mqtt) }
    }

    /// The name a `swift` step's ``SwiftStep`` is registered under (``LaunchConfiguration/swiftSteps``).
    public var swiftStepName: String? {
        get { if case .swift(let name)? = kindSettings { name } else { nil } }
        set { kindSettings = newValue.map(KindSettings.swift) }
    }
}
