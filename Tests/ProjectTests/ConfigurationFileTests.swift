import BatchwireRuntime
import Foundation
import Testing

/// The configuration file: YAML keyed by the setting names, ranked below the environment and flags.
@Suite struct ConfigurationFileTests {
    /// Writes `text` to a new temporary file and returns its path.
    private func file(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("batchwire-config-\(UUID().uuidString).yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    private func expectFileError(
        _ yaml: String,
        code: ConfigurationFileError.Code,
        line: Int?,
        key: String?,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> ConfigurationFileError? {
        let path = try file(yaml)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try BatchwireConfiguration(environment: [:], file: path)
            Issue.record("no error for \(yaml)", sourceLocation: sourceLocation)
            return nil
        } catch let error as ConfigurationFileError {
            #expect(error.code == code, sourceLocation: sourceLocation)
            #expect(error.path == path, sourceLocation: sourceLocation)
            #expect(error.line == line, sourceLocation: sourceLocation)
            #expect(error.key == key, sourceLocation: sourceLocation)
            #expect("\(error)".hasPrefix(line.map { "\(path):\($0):" } ?? "\(path):"), sourceLocation: sourceLocation)
            return error
        }
    }

    @Test func valuesComeFromTheFile() throws {
        let path = try file(
            """
            # comment
            database-url: mysql://ops:s3cret@db.internal:3307/batch
            table-prefix: SYSTEM_
            lease-seconds: 45
            shutdown-grace: 90s
            listeners: [logging, openlineage]
            http-port: 9100
            mqtt-url:
            node-id: ~
            """
        )
        defer { try? FileManager.default.removeItem(atPath: path) }
        let configuration = try BatchwireConfiguration(environment: [:], file: path)
        #expect(
            configuration.database
                == .mysql(host: "db.internal", port: 3307, user: "ops", password: "s3cret", database: "batch")
        )
        #expect(configuration.tablePrefix == "SYSTEM_")
        #expect(configuration.leaseSeconds == 45)
        #expect(configuration.recoveryInterval == .seconds(15))
        #expect(configuration.shutdownGrace == .seconds(90))
        #expect(configuration.listeners == ["logging", "openlineage"])
        #expect(configuration.httpPort == 9100)
        #expect(configuration.mqttURL == nil)  // an empty value leaves the default
        #expect(configuration.nodeID == BatchwireConfiguration().nodeID)
    }

    @Test func flagsBeatTheEnvironmentWhichBeatsTheFileWhichBeatsDefaults() throws {
        let path = try file(
            """
            table-prefix: FILE_
            node-id: file-node
            schedules-dir: file-schedules
            lease-seconds: 40
            """
        )
        defer { try? FileManager.default.removeItem(atPath: path) }
        let configuration = try BatchwireConfiguration(
            environment: ["BATCHWIRE_NODE_ID": "env-node", "BATCHWIRE_SCHEDULES_DIR": "env-schedules"],
            overrides: [.schedulesDirectory: "flag-schedules"],
            file: path
        )
        #expect(configuration.tablePrefix == "FILE_")  // file over default
        #expect(configuration.nodeID == "env-node")  // environment over file
        #expect(configuration.schedulesDirectory == "flag-schedules")  // flag over environment and file
        #expect(configuration.leaseSeconds == 40)
        #expect(configuration.mqttTopicPrefix == "batchwire")  // default
    }

    @Test func theFileIsNamedByBatchwireConfigUnlessGivenExplicitly() throws {
        let fromEnvironment = try file("node-id: from-env-file\n")
        let explicit = try file("node-id: from-flag-file\n")
        defer {
            try? FileManager.default.removeItem(atPath: fromEnvironment)
            try? FileManager.default.removeItem(atPath: explicit)
        }
        let environment = ["BATCHWIRE_CONFIG": fromEnvironment]
        #expect(try BatchwireConfiguration(environment: environment).nodeID == "from-env-file")
        #expect(try BatchwireConfiguration(environment: environment, file: explicit).nodeID == "from-flag-file")
    }

    @Test func aMissingFileIsAnError() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-\(UUID()).yaml").path
        for attempt in [
            { try BatchwireConfiguration(environment: [:], file: path) },
            { try BatchwireConfiguration(environment: ["BATCHWIRE_CONFIG": path]) },
        ] {
            #expect {
                _ = try attempt()
            } throws: { error in
                let error = error as? ConfigurationFileError
                return error?.code == .notFound && error?.path == path
                    && error?.description.contains("--config") == true
            }
        }
    }

    @Test func anUnknownKeyIsNamedWithItsLineAndASuggestion() throws {
        let error = try expectFileError(
            "lease-seconds: 30\n\nlisteners: logging\nlease-second: 20\n",
            code: .unknownKey,
            line: 4,
            key: "lease-second"
        )
        #expect(error?.message.contains("did you mean lease-seconds?") == true)
        #expect(error?.message.contains("database-url") == true)
    }

    @Test func aBadValueIsNamedWithTheFileLineAndKey() throws {
        let path = try file("table-prefix: BATCH_\nlease-seconds: soon\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            _ = try BatchwireConfiguration(environment: [:], file: path)
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.key == .leaseSeconds && error.source == .file(path: path, line: 2)
                && error.description == "\(path):2: lease-seconds: expected a positive whole number"
        }
    }

    @Test func aBadValueInTheFileIsReportedEvenWhenTheEnvironmentOverridesIt() throws {
        let path = try file("http-port: eighty\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ConfigurationError.self) {
            _ = try BatchwireConfiguration(environment: ["BATCHWIRE_HTTP_PORT": "8080"], file: path)
        }
    }

    @Test func structuralProblemsAreLocated() throws {
        _ = try expectFileError("- database-url\n- lease-seconds\n", code: .notAMapping, line: 1, key: nil)
        _ = try expectFileError("node-id: a\nnode-id: b\n", code: .duplicateKey, line: 2, key: "node-id")
        _ = try expectFileError("node-id:\n  name: a\n", code: .notASingleValue, line: 1, key: "node-id")
        _ = try expectFileError("lease-seconds: [1, 2]\n", code: .notASingleValue, line: 1, key: "lease-seconds")
        _ = try expectFileError(
            "listeners:\n  - logging\n  - {a: b}\n",
            code: .notASingleValue,
            line: 3,
            key: "listeners"
        )
    }

    @Test func aSyntaxErrorIsLocatedWithoutRepeatingTheFile() throws {
        let error = try expectFileError(
            "node-id: a\nmqtt-password: \"hunter2\n",
            code: .invalidYAML,
            line: 3,
            key: nil
        )
        #expect(error?.description.contains("hunter2") == false)
    }

    @Test func aBadSecretInTheFileIsNotRepeated() throws {
        let path = try file("database-url: postgres://ops:hunter2@db/batch\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            _ = try BatchwireConfiguration(environment: [:], file: path)
        } throws: { error in
            "\(error)".hasPrefix("\(path):1: database-url: ") && !"\(error)".contains("hunter2")
        }
    }

    @Test func secretsMayComeFromTheFile() throws {
        let path = try file("mqtt-password: s3cret\nopenlineage-api-key: k3y\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let configuration = try BatchwireConfiguration(environment: [:], file: path)
        #expect(configuration.mqttPassword == "s3cret")
        #expect(configuration.openLineageAPIKey == "k3y")
    }

    @Test func anEmptyListOfListenersMeansNone() throws {
        let path = try file("listeners: []\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try BatchwireConfiguration(environment: [:], file: path).listeners == [])
    }

    @Test func anEmptyFileChangesNothing() throws {
        let path = try file("# nothing set\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try BatchwireConfiguration(environment: [:], file: path) == BatchwireConfiguration())
    }
}
