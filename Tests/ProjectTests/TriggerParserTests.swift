import BatchwireCore
import BatchwireRuntime
import Foundation
import Testing

/// `triggers:` in job files: the syntax of issue 18, its checks, and cycles refused at load.
@Suite struct TriggerParserTests {
    private let parser = JobFileParser()

    @Test func parsesBothKinds() throws {
        let yaml = """
            name: line-report
            incrementer: none
            mqtt: { trigger: true }
            overlap: queue
            steps: [{ name: s, noop: {} }]
            triggers:
              - mqtt:
                  topic: plant/+/batch-ready
                  parameters:
                    line: "${topic[1]}"
                    batch: "${payload.batchId}"
                    label: "line ${topic[1]} costs $${price}"
                  debounce: 10s
              - dataset:
                  namespace: s3://analytics-lake
                  name: orders/daily
                  parameters: { upstream: "${upstream.execution.id}", day: "${upstream.param.fireTime}" }
            """
        let job = try #require(try parser.parse(yaml, file: "line-report.yaml").first)
        #expect(job.triggerOverlap == .queue)
        #expect(job.triggers.count == 2)
        guard case .mqtt(let mqtt) = job.triggers[0], case .dataset(let dataset) = job.triggers[1] else {
            Issue.record("wrong kinds: \(job.triggers)")
            return
        }
        #expect(mqtt.topic == "plant/+/batch-ready")
        #expect(mqtt.debounceSeconds == 10)
        #expect(mqtt.parameters.map(\.name) == ["batch", "label", "line"])
        #expect(mqtt.parameters[0].parts == [.payloadMember(["batchId"])])
        #expect(mqtt.parameters[1].parts == [.text("line "), .topicLevel(1), .text(" costs ${price}")])
        #expect(mqtt.parameters[2].parts == [.topicLevel(1)])
        #expect(dataset.dataset == DatasetDefinition(namespace: "s3://analytics-lake", name: "orders/daily"))
        #expect(dataset.parameters.map(\.parts) == [[.upstreamParameter("fireTime")], [.upstreamExecutionID]])
        #expect(TriggerIdentity.ids(of: job) == ["line-report#trigger-1", "line-report#trigger-2"])
    }

    @Test func aJobWithoutTriggersAllowsOverlap() throws {
        let job = try #require(try parser.parse("name: a\nsteps: [{ name: s, noop: {} }]", file: "a.yaml").first)
        #expect(job.triggers.isEmpty)
        #expect(job.triggerOverlap == .allow)
    }

    @Test(arguments: [
        ("triggers: [{ mqtt: { topic: a/b } }]", "does not opt in to MQTT starts"),
        ("mqtt: { trigger: true }\ntriggers: [{ mqtt: { topic: a/#/b } }]", "uses # other than as the whole last level"),
        ("mqtt: { trigger: true }\ntriggers: [{ mqtt: { topic: a/x+ } }]", "uses + other than as a whole level"),
        ("mqtt: { trigger: true }\ntriggers: [{ mqtt: { topic: $share/g/a } }]", "must not be a shared subscription"),
        ("mqtt: { trigger: true }\ntriggers: [{ mqtt: { topic: a/b, parameters: { x: \"${topic[2]}\" } } }]", "have 2 levels"),
        ("mqtt: { trigger: true }\ntriggers: [{ mqtt: { topic: a/b, parameters: { x: \"${env.HOME}\" } } }]", "is not a trigger placeholder"),
        ("mqtt: { trigger: true }\ntriggers: [{ mqtt: { topic: a/b, parameters: { x: \"${payload\" } } }]", "without its closing }"),
        ("mqtt: { trigger: true }\ntriggers: [{ mqtt: { topic: a/b, parameters: { x: \"${upstream.execution.id}\" } } }]", "cannot be used in an mqtt trigger"),
        ("triggers: [{ dataset: { namespace: n, name: d, parameters: { x: \"${payload.a}\" } } }]", "cannot be used in a dataset trigger"),
        ("mqtt: { trigger: true }\ntriggers: [{ mqtt: { topic: a/b, debounce: soon } }]", "is not a duration"),
        ("triggers: [{ dataset: { namespace: n } }]", "\"name\""),
        ("triggers: [{ mqtt: { topic: a }, dataset: { namespace: n, name: d } }]", "exactly one of"),
        ("triggers: [{ cron: \"* * * * *\" }]", "cron"),
        ("overlap: sometimes", "overlap"),
    ])
    func refusesWithTheReason(fragment: String, reason: String) throws {
        let yaml = "name: t\nsteps: [{ name: s, noop: {} }]\n" + fragment
        let error = try #require(jobFileError(yaml), "accepted: \(fragment)")
        #expect(error.description.contains(reason), "\(error)")
        #expect(error.location.file == "jobs/broken.yaml")
        #expect(error.location.line >= 3)
    }

    /// A → B → A through datasets is refused at load with the cycle named; the other jobs load.
    @Test func cyclesAreRefusedWhenTheFilesLoad() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bw-cycle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func job(_ name: String, reads: String?, writes: String?) -> String {
            var text = "name: \(name)\nsteps: [{ name: s, noop: {} }]\n"
            if let writes { text += "lineage: { outputs: [{ namespace: lake, name: \(writes) }] }\n" }
            if let reads { text += "triggers: [{ dataset: { namespace: lake, name: \(reads) } }]\n" }
            return text
        }
        try job("a", reads: "db", writes: "da").write(to: folder.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        try job("b", reads: "da", writes: "db").write(to: folder.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        try job("c", reads: "db", writes: nil).write(to: folder.appendingPathComponent("c.yaml"), atomically: true, encoding: .utf8)
        try job("d", reads: "dd", writes: "dd").write(to: folder.appendingPathComponent("d.yaml"), atomically: true, encoding: .utf8)
        let set = JobFileLoader().load(directory: folder.path)
        #expect(set.jobs.map(\.name) == ["c"])
        let messages = set.errors.map(\.description)
        #expect(messages.count == 3, "\(messages)")
        #expect(messages.contains { $0.contains("job \"a\" is in a cycle of dataset triggers (a → b → a)") }, "\(messages)")
        #expect(messages.contains { $0.contains("job \"b\" is in a cycle of dataset triggers (b → a → b)") }, "\(messages)")
        #expect(messages.contains { $0.contains("job \"d\" is in a cycle of dataset triggers (d → d)") }, "\(messages)")
    }
}
