import BatchwireCore
import BatchwireListeners
import BatchwireMQTT
import Foundation
import Testing

/// Issue 15, item 17: docs/listeners.md must describe options a user of `batchwire serve` can set, and
/// only options the built-in listeners take.
@Suite("docs/listeners.md and the listeners agree")
struct ListenerDocumentationTests {
    private static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("every option in the openlineage-http table is one the factory takes, and each is documented")
    func openLineageOptions() throws {
        let text = try String(
            contentsOf: Self.repositoryRoot.appendingPathComponent("docs/listeners.md"), encoding: .utf8)
        // The option table of the `openlineage-http` section: from its header row to the first line after it.
        let section = try #require(text.range(of: "### `openlineage-http`")).upperBound
        let table = try #require(text[section...].range(of: "| option | default | meaning |")).upperBound
        let documented = Set(
            text[table...].split(separator: "\n").dropFirst()
                .prefix { $0.hasPrefix("|") }
                .compactMap { line -> String? in
                    guard line.hasPrefix("| `") else { return nil }
                    return line.dropFirst(3).prefix { $0 != "`" }.description
                })
        let taken = Set(OpenLineageHTTPConfiguration.optionNames)
        #expect(documented.isSubset(of: taken.union(["url", "api-key"])), "\(documented.subtracting(taken))")
        #expect(taken.subtracting(["url", "api-key"]).isSubset(of: documented), "\(taken.subtracting(documented))")
        #expect(text.contains("listener-options:"), "the setting that reaches these options")
        #expect(!text.contains("> Status:"), "no stale status notes")
    }

    @Test("the documented logging option works through the registry, and an unknown one is refused")
    func loggingOption() throws {
        let registry = ListenerRegistry()
        let made = try registry.makeListeners(configuration: [
            ListenerRegistry.listenersKey: "logging", ListenerRegistry.optionPrefix + "logging.output": "stderr",
        ])
        #expect(made.map(\.name) == ["logging"])
        #expect(throws: ListenerRegistryError.self) {
            try registry.makeListeners(configuration: [
                ListenerRegistry.listenersKey: "logging", ListenerRegistry.optionPrefix + "logging.colour": "red",
            ])
        }
    }
}
