import BatchwireCore
import Foundation

extension JobOperator {
    /// Starts a run for an event trigger with the parameters its message gave.
    ///
    /// A job with `incrementer: none` starts the instance those parameters name (as ``start(jobName:parameters:)-(JobParameters)``
    /// does: an instance that already exists is refused, so one message cannot run a finished instance
    /// again). Any other incrementer makes the next instance's parameters as ``startNextInstance(jobName:fireTime:slot:)``
    /// does, and the message's parameters are put over them.
    /// - Returns: the new execution.
    /// - Throws: ``JobOperatorError`` as ``start(jobName:parameters:)-(JobParameters)`` and
    ///   ``startNextInstance(jobName:fireTime:slot:)``.
    public func startTriggered(jobName: String, parameters: JobParameters) async throws(JobOperatorError) -> JobExecution {
        let job = try job(named: jobName)
        guard job.incrementer != .none || incrementers[jobName] != nil else {
            return try await start(jobName: jobName, parameters: parameters)
        }
        var next = try await nextParameters(of: job, fireTime: nil)
        for (name, parameter) in parameters { next[name] = parameter }
        return try await launcher.run(job, parameters: next)
    }
}
