import BatchwireRuntime
import Testing

@Suite struct ConfigurationTests {
    @Test func defaultsAreTheEmbeddedOnes() throws {
        let configuration = try BatchwireConfiguration(environment: [:])
        #expect(configuration.database == .sqlite(path: "batchwire.sqlite"))
        #expect(configuration.tablePrefix == "BATCH_")
        #expect(configuration.mqttURL == nil)
        #expect(configuration.mqttTopicPrefix == "batchwire")
    }

    @Test func namesAreDerivedOneWay() {
        #expect(ConfigurationKey.databaseURL.environmentVariable == "BATCHWIRE_DATABASE_URL")
        #expect(ConfigurationKey.schedulesDirectory.flag == "--schedules-dir")
        #expect(ConfigurationKey.mqttPassword.isSecret)
    }

    @Test func flagsWinOverEnvironment() throws {
        let configuration = try BatchwireConfiguration(
            environment: ["BATCHWIRE_TABLE_PREFIX": "SYSTEM_", "BATCHWIRE_NODE_ID": "env-node"],
            overrides: [.nodeID: "flag-node"]
        )
        #expect(configuration.tablePrefix == "SYSTEM_")
        #expect(configuration.nodeID == "flag-node")
    }

    @Test func mysqlURLIsParsedAndItsPasswordNeverPrinted() throws {
        let url = try DatabaseURL(parsing: "mysql://ops:s%40cret@db.internal:3307/batch")
        #expect(url == .mysql(host: "db.internal", port: 3307, user: "ops", password: "s@cret", database: "batch"))
        #expect(!url.description.contains("cret"))
        #expect(try DatabaseURL(parsing: "sqlite:/var/lib/batchwire/meta.sqlite") == .sqlite(path: "/var/lib/batchwire/meta.sqlite"))
    }

    @Test(arguments: [
        ("BATCHWIRE_DATABASE_URL", "postgres://x/y"),
        ("BATCHWIRE_DATABASE_URL", "mysql://user@host"),
        ("BATCHWIRE_DATABASE_URL", "sqlite:"),
        ("BATCHWIRE_TABLE_PREFIX", "BATCH;DROP"),
        ("BATCHWIRE_MQTT_URL", "tcp://broker:1883"),
        ("BATCHWIRE_MQTT_TOPIC_PREFIX", "a/#"),
        ("BATCHWIRE_LEASE_SECONDS", "0"),
        ("BATCHWIRE_HTTP_PORT", "eighty"),
    ])
    func malformedValuesAreRejectedByName(variable: String, value: String) {
        #expect {
            _ = try BatchwireConfiguration(environment: [variable: value])
        } throws: { error in
            (error as? ConfigurationError)?.key.environmentVariable == variable
                && "\(error)".contains(variable)
        }
    }
}
