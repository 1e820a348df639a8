import BatchwireCore
import BatchwireRuntime
import Foundation
import Logging

/// Shared helpers of the step-kind tests.
enum StepKindFixtures {
    static let logger = Logger(label: "batchwire.tests.step-kinds") { _ in SwiftLogNoOpLogHandler() }

    /// Short waits between retries, so retry tests take milliseconds.
    static let backoff = RetryBackoff(initial: .milliseconds(20), multiplier: 2, maximum: .milliseconds(200))

    static func values(
        step: String = "call", parameters: JobParameters = JobParameters(), environment: [String: String] = [:]
    ) -> StepTemplateValues {
        StepTemplateValues(
            jobName: "orders", stepName: step, jobExecutionID: 42, jobInstanceID: 7, parameters: parameters,
            environment: environment)
    }

    /// An `http` step invocation.
    static func http(
        _ settings: HTTPStepDefinition, timeout: Double? = nil, retries: Int = 0,
        exitCodes: ExitCodeMapping = ExitCodeMapping(), previous: ExecutionContext = ExecutionContext(),
        parameters: JobParameters = JobParameters(), environment: [String: String] = [:]
    ) -> InProcessStepInvocation {
        var step = StepDefinition(name: "call", http: settings)
        step.timeoutSeconds = timeout
        step.retries = retries
        step.exitCodes = exitCodes
        return InProcessStepInvocation(
            step: step, values: values(parameters: parameters, environment: environment), stepExecutionID: 9,
            previousContext: previous)
    }

    /// `text` percent-encoded for a query value.
    static func query(_ text: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
