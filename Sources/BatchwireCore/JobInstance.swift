/// A job plus its identifying parameters: one row of `BATCH_JOB_INSTANCE`.
public struct JobInstance: Sendable, Hashable, Identifiable, CustomStringConvertible {
    /// `JOB_INSTANCE_ID`, from the job sequence (`BATCH_JOB_SEQ`).
    public let id: Int64
    /// `VERSION`: written as 0 on insert and never updated by Spring.
    public var version: Int64
    /// `JOB_NAME` (at most 100 characters).
    public let jobName: String
    /// `JOB_KEY`: the MD5 hex digest of the identifying parameters (see ``JobKeyGenerator``).
    public let jobKey: String

    /// An instance.
    ///
    /// - Parameters:
    ///   - id: `JOB_INSTANCE_ID`.
    ///   - version: `VERSION` (0 for a new instance).
    ///   - jobName: `JOB_NAME`.
    ///   - jobKey: `JOB_KEY`.
    public init(id: Int64, version: Int64 = 0, jobName: String, jobKey: String) {
        self.id = id
        self.version = version
        self.jobName = jobName
        self.jobKey = jobKey
    }

    /// Spring's `JobInstance.toString()`: `JobInstance: id=1, version=0, Job=[name]`.
    public var description: String {
        "JobInstance: id=\(id), version=\(version), Job=[\(jobName)]"
    }
}
