/// How a child process ended.
public enum ProcessTermination: Sendable, Hashable, CustomStringConvertible {
    /// It called `exit` with this status (0–255).
    case exited(Int32)
    /// A signal ended it.
    case signaled(Int32)

    /// Decodes a `waitpid` status word.
    init(waitStatus status: Int32) {
        let signal = status & 0x7f
        if signal == 0 {
            self = .exited((status >> 8) & 0xff)
        } else {
            self = .signaled(signal)
        }
    }

    public var description: String {
        switch self {
        case .exited(let code): "exit code \(code)"
        case .signaled(let signal): "killed by \(SystemErrorText.signalName(signal))"
        }
    }
}

/// Why Batchwire ended a step's process before it exited by itself.
public enum TerminationRequest: Sendable, Hashable {
    /// An operator (or task cancellation) asked the step to stop.
    case stop
    /// The step ran past its timeout.
    case timeout
}
