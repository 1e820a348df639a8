import BatchwireCore
import Foundation

/// One try of a step: a process run (command steps) or one call (Swift steps).
public struct StepAttempt: Sendable, Hashable {
    /// 1 for the first try.
    public var number: Int
    /// The status this try ended with.
    public var status: BatchStatus
    /// The exit status this try ended with (description already cut to Spring's 2,500 limit).
    public var exitStatus: ExitStatus
    /// How the process ended; `nil` if it never started or for a Swift step.
    public var termination: ProcessTermination?
    /// Why Batchwire ended the process (stop or timeout), if it did.
    public var terminationRequest: TerminationRequest?
    /// Whether the process group was sent SIGKILL after the grace period.
    public var wasKilled: Bool
    /// Where the output went; `nil` for a Swift step.
    public var logFiles: StepLogFiles?
    /// When the try started.
    public var startTime: Date
    /// When the try ended.
    public var endTime: Date
    /// What went wrong around the step, if anything (not found, bad context file…).
    public var error: CommandStepError?

    /// An attempt record.
    public init(
        number: Int,
        status: BatchStatus,
        exitStatus: ExitStatus,
        termination: ProcessTermination? = nil,
        terminationRequest: TerminationRequest? = nil,
        wasKilled: Bool = false,
        logFiles: StepLogFiles? = nil,
        startTime: Date,
        endTime: Date,
        error: CommandStepError? = nil
    ) {
        self.number = number
        self.status = status
        self.exitStatus = exitStatus
        self.termination = termination
        self.terminationRequest = terminationRequest
        self.wasKilled = wasKilled
        self.logFiles = logFiles
        self.startTime = startTime
        self.endTime = endTime
        self.error = error
    }
}
