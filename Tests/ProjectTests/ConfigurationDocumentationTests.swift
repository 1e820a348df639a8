import BatchwireRuntime
import Foundation
import Testing

/// `batchwire.example.yaml` and the README's Configuration table document every setting, and what they
/// say is what the code does.
@Suite struct ConfigurationDocumentationTests {
    private static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private static func text(_ name: String) throws -> String {
        try String(contentsOf: repositoryRoot.appendingPathComponent(name), encoding: .utf8)
    }

    private static var examplePath: String { repositoryRoot.appendingPathComponent("batchwire.example.yaml").path }

    /// A line `# key: value` (a setting shown commented out), as (key, the line uncommented).
    private static func commentedSetting(_ line: Substring) -> (ConfigurationKey, String)? {
        guard line.hasPrefix("# "), let colon = line.firstIndex(of: ":") else { return nil }
        let name = line[line.index(line.startIndex, offsetBy: 2)..<colon]
        return ConfigurationKey(rawValue: String(name)).map { ($0, String(line.dropFirst(2))) }
    }

    @Test func theExampleHasEveryKeyOnce() throws {
        let lines = try Self.text("batchwire.example.yaml").split(separator: "\n", omittingEmptySubsequences: false)
        for key in ConfigurationKey.allCases {
            let active = lines.filter { $0.hasPrefix("\(key.rawValue):") }.count
            let commented = lines.filter { Self.commentedSetting($0)?.0 == key }.count
            #expect(active + commented == 1, "batchwire.example.yaml shows \(key.rawValue) \(active + commented) times")
        }
    }

    @Test func theExampleAsWrittenGivesTheDefaults() throws {
        let configuration = try BatchwireConfiguration(environment: [:], file: Self.examplePath)
        #expect(configuration == BatchwireConfiguration())
        // And it sets them explicitly, so the values it shows are the real defaults.
        let file = try ConfigurationFile(contentsOf: Self.examplePath)
        #expect(
            Set(file.entries.map(\.key)) == [
                .databaseURL, .tablePrefix, .schedulesDirectory, .leaseSeconds, .shutdownGrace, .mqttTopicPrefix,
                .httpHost, .listeners, .eventRetention,
            ]
        )
    }

    @Test func theExampleWithEveryLineUncommentedGivesTheExamples() throws {
        let lines = try Self.text("batchwire.example.yaml").split(separator: "\n", omittingEmptySubsequences: false)
        let uncommented = lines.map { Self.commentedSetting($0)?.1 ?? String($0) }.joined(separator: "\n")
        let file = try ConfigurationFile(yaml: uncommented, path: "batchwire.example.yaml (uncommented)")
        #expect(Set(file.entries.map(\.key)) == Set(ConfigurationKey.allCases))

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("example-\(UUID()).yaml").path
        try uncommented.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let configuration = try BatchwireConfiguration(environment: [:], file: path)
        #expect(configuration.nodeID == "node-1")
        #expect(configuration.recoveryInterval == .seconds(10))
        #expect(configuration.mqttURL == "mqtts://broker.example.com:8883")
        #expect(configuration.mqttUsername == "batchwire")
        #expect(configuration.mqttPassword == "change-me")
        #expect(configuration.mqttCAFile == "/etc/batchwire/tls/ca.pem")
        #expect(configuration.mqttCertFile == "/etc/batchwire/tls/node.pem")
        #expect(configuration.mqttKeyFile == "/etc/batchwire/tls/node.key")
        #expect(configuration.httpStepCAFile == "/etc/batchwire/tls/hooks-ca.pem")
        #expect(configuration.httpStepCertFile == "/etc/batchwire/tls/hooks-client.pem")
        #expect(configuration.httpStepKeyFile == "/etc/batchwire/tls/hooks-client.key")
        #expect(configuration.httpPort == 8080)
        #expect(configuration.openLineageURL?.absoluteString == "https://lineage.example.com/api/v1/lineage")
        #expect(configuration.openLineageAPIKey == "change-me")
        #expect(configuration.httpOperatorToken == "change-me-to-a-long-random-token")
        #expect(configuration.jobKeyZone.identifier == "Europe/Berlin")
    }

    @Test func theReadmeTableListsEveryKeyWithItsVariable() throws {
        let readme = try Self.text("README.md")
        let section =
            try #require(readme.components(separatedBy: "## Configuration").dropFirst().first)
            .components(separatedBy: "\n## ").first ?? ""
        let rows = section.split(separator: "\n").filter { $0.hasPrefix("| `") }
        for key in ConfigurationKey.allCases {
            let row = rows.first { $0.hasPrefix("| `\(key.rawValue)`") }
            #expect(row?.contains("`\(key.environmentVariable)`") == true, "README lacks a row for \(key.rawValue)")
            #expect(row?.contains("(secret)") == key.isSecret, "README marks \(key.rawValue) wrongly as (not) secret")
        }
        #expect(rows.count == ConfigurationKey.allCases.count)
    }
}
