import BatchwireCore
import Foundation

/// What the placeholders of a ``StepTemplate`` stand for in one step execution.
///
/// Rendering fails with a message naming the placeholder, never its value: a missing job parameter or
/// environment variable, an unreadable file.
public struct StepTemplateValues: Sendable {
    /// `${job.name}`.
    public var jobName: String
    /// `${step.name}`.
    public var stepName: String
    /// `${execution.id}`.
    public var jobExecutionID: Int64
    /// `${instance.id}`.
    public var jobInstanceID: Int64
    /// `${param.NAME}`: the stored rendering of each parameter (`PARAMETER_VALUE`).
    public var parameters: JobParameters
    /// `${env.NAME}`: normally this process's environment.
    public var environment: [String: String]

    /// The values of one step execution.
    public init(
        jobName: String, stepName: String, jobExecutionID: Int64, jobInstanceID: Int64, parameters: JobParameters,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.jobName = jobName
        self.stepName = stepName
        self.jobExecutionID = jobExecutionID
        self.jobInstanceID = jobInstanceID
        self.parameters = parameters
        self.environment = environment
    }

    /// The template with every placeholder replaced by its value.
    /// - Throws: ``StepTemplateError`` naming the placeholder whose value is missing or unreadable.
    public func render(_ template: StepTemplate) throws(StepTemplateError) -> String {
        var text = ""
        for part in template.parts {
            switch part {
            case .text(let literal): text += literal
            case .jobName: text += jobName
            case .stepName: text += stepName
            case .executionID: text += String(jobExecutionID)
            case .instanceID: text += String(jobInstanceID)
            case .parameter(let name):
                guard let parameter = parameters[name] else {
                    throw StepTemplateError(
                        "\(part.placeholder) names the job parameter \"\(name)\", which this run does not have; "
                            + "give it a default in the job's parameters or pass it when starting the job")
                }
                text += parameter.databaseValue
            case .environment(let name):
                guard let value = environment[name] else {
                    throw StepTemplateError(
                        "\(part.placeholder): the environment variable \(name) is not set on this node")
                }
                text += value
            case .file(let path):
                text += try Self.readSecret(path)
            }
        }
        return text
    }

    /// The template for logs, events and exit messages: ids, names and job parameters put in, while
    /// `${env.NAME}` and `${file:/path}` stay placeholders so that no secret is written anywhere.
    public func redacted(_ template: StepTemplate) -> String {
        template.parts.map { part in
            if part.isSecret { return part.placeholder }
            if case .text(let literal) = part { return literal }
            return (try? render(StepTemplate(parts: [part]))) ?? part.placeholder
        }.joined()
    }

    /// A file's contents without its trailing line breaks.
    private static func readSecret(_ path: String) throws(StepTemplateError) -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw StepTemplateError(
                "${file:\(path)} could not be read (\((error as NSError).localizedDescription)); "
                    + "check that the file exists and the node may read it")
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw StepTemplateError("${file:\(path)} is not UTF-8 text")
        }
        while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
        guard !text.contains(where: { $0 == "\n" || $0 == "\r" }) else {
            throw StepTemplateError("${file:\(path)} has more than one line; a header value is one line")
        }
        return text
    }
}
