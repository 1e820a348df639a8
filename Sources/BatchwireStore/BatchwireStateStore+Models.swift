import Foundation

extension BatchwireStateStore {
    /// A node's last heartbeat (`<prefix>BW_NODE`).
    public struct NodeHeartbeat: Sendable, Hashable {
        /// The node's id.
        public let nodeID: String
        /// The host it runs on, if it said.
        public let hostName: String?
        /// When the node started.
        public let startedAt: Date
        /// Its last heartbeat.
        public let heartbeatAt: Date
    }

    /// Which node owns a running execution, until when (`<prefix>BW_EXECUTION_OWNER`).
    public struct ExecutionOwnership: Sendable, Hashable {
        /// The execution.
        public let jobExecutionID: Int64
        /// The owning node.
        public let nodeID: String
        /// When the lease runs out unless renewed.
        public let leaseExpiresAt: Date
    }

    /// A schedule's pause state (`<prefix>BW_SCHEDULE_STATE`).
    public struct ScheduleState: Sendable, Hashable {
        /// The schedule's id.
        public let scheduleID: String
        /// Whether it is paused.
        public let isPaused: Bool
        /// Why, if given.
        public let reason: String?
        /// When it last changed.
        public let changedAt: Date
        /// Who changed it, if known.
        public let changedBy: String?
    }

    /// The outcome of claiming an idempotency key (`<prefix>BW_COMMAND_KEY`).
    public enum CommandClaim: Sendable, Hashable {
        /// The key is new: run the command, then ``BatchwireStateStore/recordCommandResult(key:result:)``.
        case claimed
        /// The command already ran (or runs): its stored result, `nil` while it has none yet.
        case duplicate(result: String?)
    }
}
