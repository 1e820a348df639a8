/// What is allowed in a job file but will not work on this node, for `batchwire validate` to print.
public enum JobFileWarnings {
    /// One warning per `mqtt` step, for a node without a broker: such a step FAILS there.
    /// - Parameter jobs: the jobs that loaded.
    /// - Returns: `file:line:column: warning: …` lines.
    public static func mqttStepsWithoutBroker(_ jobs: [JobDefinition]) -> [String] {
        jobs.flatMap { job in
            job.steps.filter { $0.kind == .mqtt }.map { step in
                "\(job.location): warning: step \"\(step.name)\" of job \"\(job.name)\" is an mqtt step, and no broker "
                    + "is configured (mqtt-url): it will fail on a node without one"
            }
        }
    }
}
