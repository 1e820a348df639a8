import BatchwireCore
import BatchwireRuntime
import BatchwireStore
import BatchwireTestSupport
import Foundation
import HummingbirdTesting
import Testing

@testable import BatchwireDashboard

/// The HTML pages: every value escaped, no secret on any page, the operation buttons only with a token.
@Suite struct DashboardPageTests {
    static let hostileName = "<script>alert(1)</script>"
    static let hostileDescription = "say \"hi\" & 'bye'\n<b>bold</b>"
    static let pages = ["/", "/executions", "/schedules", "/nodes"]

    @Test(arguments: TestDatabase.allCases)
    func valuesFromJobsParametersAndEventsAreEscaped(_ backend: TestDatabase) async throws {
        try await DashboardHarness.run(backend) { fixture in
            try fixture.register(Self.hostileName, steps: [("<i>step</i>", "echo '<script>alert(3)</script>'")]) { job in
                job.description = Self.hostileDescription
                job.schedules = [
                    ScheduleDefinition(
                        trigger: .cron(expression: "0 2 * * *", dialect: "cron"),
                        location: SourceLocation(file: "test", line: 1, column: 1))
                ]
            }
        } _: { harness, client in
            let execution = try await harness.jobOperator.start(
                jobName: Self.hostileName, parameters: ["note=<img src=x onerror=alert(2)>"])
            #expect(try await harness.finish(execution.id).status == .completed)
            _ = try await client.operate("pause", #"{"schedule":"<script>alert(1)</script>","reason":"<u>why</u>\n\"now\""}"#)

            let jobs = text(try await client.get("/"))
            #expect(jobs.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(jobs.contains("say &quot;hi&quot; &amp; &#39;bye&#39;\n&lt;b&gt;bold&lt;/b&gt;"))
            #expect(jobs.contains("&lt;u&gt;why&lt;/u&gt;\n&quot;now&quot;"))
            #expect(jobs.contains("/executions?job=%3Cscript%3Ealert%281%29%3C%2Fscript%3E"))
            let detail = text(try await client.get("/executions/\(execution.id)"))
            #expect(detail.contains("&lt;img src=x onerror=alert(2)&gt;"))
            #expect(detail.contains("&lt;i&gt;step&lt;/i&gt;"))
            #expect(detail.contains("&lt;script&gt;alert(3)&lt;/script&gt;"))  // the log tail
            let filtered = text(try await client.get("/executions?job=%3Cscript%3Ealert%281%29%3C%2Fscript%3E"))
            #expect(filtered.contains("data-execution=\"\(execution.id)\""))
            for page in Self.pages + ["/executions/\(execution.id)"] {
                let body = text(try await client.get(page))
                for raw in ["<script>alert", "<img src=x", "<b>bold", "<i>step", "<u>why"] {
                    #expect(!body.contains(raw), "\(page) holds the unescaped \(raw)")
                }
                // The only script is the dashboard's own file.
                #expect(body.components(separatedBy: "<script").count == 2, "\(page)")
            }
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func noSecretAppearsOnAnyPage(_ backend: TestDatabase) async throws {
        try await DashboardHarness.run(backend) { fixture in
            try fixture.register("hello", steps: [("say", "true")])
        } _: { harness, client in
            let execution = try await harness.jobOperator.startNextInstance(jobName: "hello")
            _ = try await harness.finish(execution.id)
            var secrets = [DashboardHarness.token]
            if let password = TestEnvironment.string("BATCHWIRE_TEST_MYSQL_PASSWORD"), backend == .mysql {
                secrets.append(password)
            }
            for page in Self.pages + ["/executions/\(execution.id)", "/api/v1/jobs", "/api/v1/nodes"] {
                let response = try await client.get(page)
                #expect(response.status == .ok)
                for secret in secrets { #expect(!text(response).contains(secret), "\(page) shows a secret") }
            }
        }
    }

    @Test func operationButtonsShowOnlyWithAToken() async throws {
        let register: (LaunchFixture) throws -> Void = { fixture in
            try fixture.register("hello", steps: [("say", "true")])
        }
        try await DashboardHarness.run(.sqlite, register: register) { _, client in
            let page = text(try await client.get("/"))
            #expect(page.contains("data-op=\"start-next\"") && page.contains("id=\"token\""))
        }
        try await DashboardHarness.run(.sqlite, token: nil, register: register) { _, client in
            let page = text(try await client.get("/"))
            #expect(!page.contains("data-op=") && page.contains("read-only"))
        }
    }

    @Test func pagesSendSecurityHeadersAndTheScriptIsServed() async throws {
        try await DashboardHarness.run(.sqlite) { _, client in
            let page = try await client.get("/")
            #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            let script = try await client.get("/assets/dashboard.js")
            #expect(script.status == .ok && text(script).contains("new EventSource(\"/api/v1/events\")"))
            #expect(try await client.get("/assets/dashboard.css").status == .ok)
            let missing = try await client.get("/executions/424242")
            #expect(missing.status == .notFound && text(missing).contains("No job execution with id=424242"))
        }
    }

    @Test func templatesNeverRenderUnescapedValues() throws {
        for (name, template) in DashboardTemplates.all {
            #expect(!template.contains("{{{") && !template.contains("{{&"), "template \(name)")
        }
        _ = try DashboardTemplates.library()
    }
}
