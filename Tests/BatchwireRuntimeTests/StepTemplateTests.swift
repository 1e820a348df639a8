import BatchwireCore
import BatchwireRuntime
import Foundation
import Testing

/// Placeholders of `http` and `mqtt` steps: parsing, values, missing values, and secrets kept out of what is shown.
@Suite struct StepTemplateTests {
    private static let values = StepTemplateValues(
        jobName: "orders", stepName: "notify", jobExecutionID: 42, jobInstanceID: 7,
        parameters: JobParameters().adding("batch", .string("b-17")).adding("limit", .long(10)),
        environment: ["TOKEN": "s3cret", "BASE": "http://127.0.0.1:9"])

    @Test func putsInEveryValue() throws {
        let template = try StepTemplate(
            parsing:
                "${job.name}/${step.name}/${execution.id}/${instance.id}/${param.batch}/${param.limit}/${env.TOKEN}")
        #expect(try Self.values.render(template) == "orders/notify/42/7/b-17/10/s3cret")
        #expect(template.parameterNames == ["batch", "limit"])
    }

    @Test func literalDollarsStay() throws {
        let template = try StepTemplate(parsing: "cost $5, $${not.a.placeholder} and $$ ${job.name}$")
        #expect(try Self.values.render(template) == "cost $5, ${not.a.placeholder} and $$ orders$")
        #expect(template.description == "cost $5, $${not.a.placeholder} and $$ ${job.name}$")
    }

    @Test(arguments: [
        ("${job.id}", "unknown placeholder \"${job.id}\""),
        ("${param.}", "needs a name after \"param.\""),
        ("${env.}", "needs a name after \"env.\""),
        ("x ${param.a", "without a closing"),
        ("${file:/etc/token}", "only be read into header values"),
    ])
    func refusesBadPlaceholders(text: String, reason: String) {
        #expect {
            _ = try StepTemplate(parsing: text)
        } throws: { error in
            (error as? StepTemplateError)?.reason.contains(reason) == true
        }
    }

    @Test func aMissingParameterOrVariableNamesThePlaceholder() throws {
        #expect {
            try Self.values.render(try StepTemplate(parsing: "${param.fireTime}"))
        } throws: { error in
            "\(error)".contains("${param.fireTime}") && "\(error)".contains("does not have")
        }
        #expect {
            try Self.values.render(try StepTemplate(parsing: "${env.MISSING}"))
        } throws: { error in
            "\(error)".contains("${env.MISSING}") && "\(error)".contains("not set")
        }
    }

    @Test func readsHeaderValuesFromFilesAndKeepsSecretsOutOfWhatIsShown() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bw-token-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("t0ken-value\n".utf8).write(to: file)
        let header = try StepTemplate(
            parsing: "Bearer ${file:\(file.path)} ${env.TOKEN} ${param.batch}", allowFiles: true)
        #expect(try Self.values.render(header) == "Bearer t0ken-value s3cret b-17")
        let shown = Self.values.redacted(header)
        #expect(shown == "Bearer ${file:\(file.path)} ${env.TOKEN} b-17")
        #expect(!shown.contains("t0ken") && !shown.contains("s3cret"))
        #expect(!header.description.contains("t0ken"))
    }

    @Test func anUnreadableOrMultiLineFileFails() throws {
        let missing = try StepTemplate(parsing: "${file:/nonexistent/batchwire-token}", allowFiles: true)
        #expect(throws: StepTemplateError.self) { try Self.values.render(missing) }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bw-lines-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("a\nb\n".utf8).write(to: file)
        #expect {
            try Self.values.render(try StepTemplate(parsing: "${file:\(file.path)}", allowFiles: true))
        } throws: { error in
            "\(error)".contains("more than one line") && !"\(error)".contains("a\nb")
        }
    }
}
