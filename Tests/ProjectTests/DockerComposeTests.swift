import BatchwireRuntime
import Foundation
import Testing
import Yams

/// docker-compose.yml cannot be run here (no Docker engine), so this checks that it agrees with the
/// code: the services Batchwire talks to exist under the names its URLs use, on the ports they use,
/// and every BATCHWIRE_* variable it sets is one the code reads and parses.
@Suite struct DockerComposeTests {
    private static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func compose() throws -> [String: Any] {
        let text = try String(
            contentsOf: Self.repositoryRoot.appendingPathComponent("docker-compose.yml"),
            encoding: .utf8
        )
        return try #require(try Yams.load(yaml: text) as? [String: Any])
    }

    private func service(_ name: String) throws -> [String: Any] {
        let services = try #require(try compose()["services"] as? [String: Any])
        return try #require(services[name] as? [String: Any], "docker-compose.yml has no service \(name)")
    }

    private func batchwireEnvironment() throws -> [String: String] {
        let environment = try #require(try service("batchwire")["environment"] as? [String: Any])
        return environment.mapValues { "\($0)" }
    }

    private func publishedContainerPorts(_ name: String) throws -> [Int] {
        let ports = try #require(try service(name)["ports"] as? [String])
        return ports.compactMap { $0.split(separator: ":").last.flatMap { Int($0) } }
    }

    @Test func servicesAreTheExpectedOnes() throws {
        let services = try #require(try compose()["services"] as? [String: Any])
        #expect(Set(services.keys) == ["mysql", "mosquitto", "batchwire"])
        #expect((try service("mysql")["image"] as? String) == "mysql:8.4")
        #expect((try service("mosquitto")["image"] as? String)?.hasPrefix("eclipse-mosquitto:2") == true)
        #expect(try service("batchwire")["build"] != nil)
    }

    @Test func everyBatchwireVariableIsOneTheCodeReads() throws {
        let known = Set(ConfigurationKey.allCases.map(\.environmentVariable))
        let environment = try batchwireEnvironment()
        let unknown = environment.keys.filter { $0.hasPrefix("BATCHWIRE_") && !known.contains($0) }
        #expect(unknown.isEmpty, "docker-compose.yml sets variables the code never reads: \(unknown)")
        // And the file sets everything a networked deployment needs.
        for key in [ConfigurationKey.databaseURL, .mqttURL, .mqttUsername, .mqttPassword, .nodeID, .schedulesDirectory]
        {
            #expect(
                environment[key.environmentVariable] != nil,
                "docker-compose.yml does not set \(key.environmentVariable)"
            )
        }
        // The values parse with the code's own configuration loader.
        _ = try BatchwireConfiguration(environment: environment)
    }

    @Test func theHTTPEndpointIsReachableFromOutsideTheContainer() throws {
        let configuration = try BatchwireConfiguration(environment: try batchwireEnvironment())
        let port = try #require(configuration.httpPort, "docker-compose.yml sets no BATCHWIRE_HTTP_PORT")
        #expect(try publishedContainerPorts("batchwire").contains(port))
        // 127.0.0.1 inside a container is unreachable through a published port.
        #expect(configuration.httpHost == "0.0.0.0")
    }

    @Test func dockerWaitsLongerThanTheShutdownGraceBeforeKilling() throws {
        let configuration = try BatchwireConfiguration(environment: try batchwireEnvironment())
        let text = try #require(try service("batchwire")["stop_grace_period"] as? String)
        #expect(text.hasSuffix("s"), "write stop_grace_period in seconds, e.g. 40s")
        let stopGrace = try #require(Int(text.dropLast()))
        // A few seconds more than the executions get, for releasing leases and closing connections.
        #expect(Duration.seconds(stopGrace) >= configuration.shutdownGrace + .seconds(5))
    }

    @Test func databaseURLPointsAtTheMySQLService() throws {
        let configuration = try BatchwireConfiguration(environment: try batchwireEnvironment())
        guard case .mysql(let host, let port, let user, let password, let database) = configuration.database else {
            Issue.record("BATCHWIRE_DATABASE_URL in docker-compose.yml is not a mysql:// URL")
            return
        }
        let mysqlEnvironment = try #require(try service("mysql")["environment"] as? [String: Any])
        #expect(host == "mysql")
        #expect(try publishedContainerPorts("mysql").contains(port))
        #expect(user == mysqlEnvironment["MYSQL_USER"] as? String)
        #expect(password == mysqlEnvironment["MYSQL_PASSWORD"] as? String)
        #expect(database == mysqlEnvironment["MYSQL_DATABASE"] as? String)
    }

    @Test func mqttURLPointsAtTheMosquittoServiceWhichRequiresAPassword() throws {
        let configuration = try BatchwireConfiguration(environment: try batchwireEnvironment())
        let url = try #require(configuration.mqttURL.flatMap(URLComponents.init(string:)))
        #expect(url.host == "mosquitto")
        #expect(try publishedContainerPorts("mosquitto").contains(try #require(url.port)))

        let mosquittoConfig = try String(
            contentsOf: Self.repositoryRoot.appendingPathComponent("docker/mosquitto/mosquitto.conf"),
            encoding: .utf8
        )
        #expect(mosquittoConfig.contains("allow_anonymous false"))
        #expect(mosquittoConfig.contains("listener \(url.port ?? 0)"))
        let passwords = try String(
            contentsOf: Self.repositoryRoot.appendingPathComponent("docker/mosquitto/passwords"),
            encoding: .utf8
        )
        #expect(passwords.split(separator: "\n").contains { $0.hasPrefix("\(configuration.mqttUsername ?? "?"):") })
    }
}
