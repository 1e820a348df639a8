import Foundation

/// How a ``JobLauncher`` runs executions.
public struct LaunchConfiguration: Sendable {
    /// This node's name: the owner written to the lease table and the `node` of every event.
    public var nodeID: String
    /// How long a lease lasts without renewal; another node recovers the execution after it runs out.
    public var leaseDuration: Duration = .seconds(30)
    /// How often the owner renews its leases and node heartbeat (default a third of the lease).
    public var leaseRenewInterval: Duration = .seconds(10)
    /// How often the owner reads the execution's status to notice a stop asked by another process.
    public var stopPollInterval: Duration = .seconds(1)
    /// The MQTT topic prefix of the outbox events.
    public var topicPrefix: String = "batchwire"
    /// The command step runner's settings: log folder, grace period before SIGKILL, retry backoff.
    public var commandSteps: CommandStepConfiguration
    /// The `http` steps' settings: TLS files, body limit.
    public var httpSteps = HTTPStepConfiguration()
    /// Swift steps, by name: a `swift: NAME` step runs the one registered as `"<job>/NAME"` or `NAME`. A Swift step
    /// registered under a step's own name (`"<job>/<step>"` or `<step>`) runs in place of that step's kind.
    public var swiftSteps: [String: any SwiftStep] = [:]

    /// A configuration.
    ///
    /// - Parameters:
    ///   - nodeID: this node's name.
    ///   - logDirectory: where command steps write their output.
    public init(nodeID: String, logDirectory: URL) {
        self.nodeID = nodeID
        self.commandSteps = CommandStepConfiguration(logDirectory: logDirectory)
    }

    /// The Swift step registered as `name` for `job` (a `swift: NAME` step), if any.
    func swiftStep(job: String, named name: String) -> (any SwiftStep)? {
        swiftSteps["\(job)/\(name)"] ?? swiftSteps[name]
    }

    /// The Swift step registered for `step` of `job`, if any.
    func swiftStep(job: String, step: String) -> (any SwiftStep)? {
        swiftSteps["\(job)/\(step)"] ?? swiftSteps[step]
    }
}
