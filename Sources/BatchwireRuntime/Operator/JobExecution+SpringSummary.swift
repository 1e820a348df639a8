import BatchwireCore

extension JobExecution {
    /// Spring 5's `JobExecution.toString()`, which `JobOperator.getSummary` returns.
    public var springSummary: String {
        "JobExecution: id=\(id), version=\(version), startTime=\(text(startTime)), endTime=\(text(endTime)), "
            + "lastUpdated=\(text(lastUpdated)), status=\(status), exitStatus=\(exitStatus), job=[\(jobInstance)], "
            + "jobParameters=[\(jobParameters.springDescription())]"
    }
}

extension StepExecution {
    /// Spring 5's `StepExecution.toString()`: the summary plus the exit description.
    public var springSummary: String {
        "StepExecution: id=\(id), version=\(version), name=\(stepName), status=\(status), exitStatus=\(exitStatus.exitCode), "
            + "readCount=\(readCount), filterCount=\(filterCount), writeCount=\(writeCount) readSkipCount=\(readSkipCount), "
            + "writeSkipCount=\(writeSkipCount), processSkipCount=\(processSkipCount), commitCount=\(commitCount), "
            + "rollbackCount=\(rollbackCount), exitDescription=\(exitStatus.exitDescription)"
    }
}

private func text(_ time: LocalDateTime?) -> String {
    time.map { "\($0)" } ?? "null"
}
