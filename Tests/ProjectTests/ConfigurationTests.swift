import BatchwireRuntime
import Foundation
import Testing

@Suite struct ConfigurationTests {
    @Test func defaultsAreTheEmbeddedOnes() throws {
        let configuration = try BatchwireConfiguration(environment: [:])
        #expect(configuration.database == .sqlite(path: "batchwire.sqlite"))
        #expect(configuration.tablePrefix == "BATCH_")
        #expect(configuration.mqttURL == nil)
        #expect(configuration.mqttTopicPrefix == "batchwire")
        #expect(
            configuration.mqttCAFile == nil && configuration.mqttCertFile == nil && configuration.mqttKeyFile == nil
        )
        #expect(configuration.leaseSeconds == 30)
        #expect(configuration.recoveryInterval == .seconds(10))
        #expect(configuration.shutdownGrace == .seconds(30))
        #expect(configuration.httpHost == "127.0.0.1")
        #expect(configuration.httpPort == nil)
        #expect(configuration.listeners == ["logging"])
        #expect(configuration.openLineageURL == nil)
        #expect(configuration.openLineageAPIKey == nil)
        #expect(configuration.eventRetention == .seconds(168 * 3600))
    }

    @Test func namesAreDerivedOneWay() {
        #expect(ConfigurationKey.databaseURL.environmentVariable == "BATCHWIRE_DATABASE_URL")
        #expect(ConfigurationKey.schedulesDirectory.flag == "--schedules-dir")
        #expect(ConfigurationKey.openLineageAPIKey.environmentVariable == "BATCHWIRE_OPENLINEAGE_API_KEY")
        #expect(ConfigurationKey.mqttCAFile.flag == "--mqtt-ca-file")
        let secrets = ConfigurationKey.allCases.filter(\.isSecret)
        #expect(Set(secrets) == [.databaseURL, .mqttPassword, .openLineageAPIKey, .httpOperatorToken])
    }

    @Test func flagsWinOverEnvironment() throws {
        let configuration = try BatchwireConfiguration(
            environment: ["BATCHWIRE_TABLE_PREFIX": "SYSTEM_", "BATCHWIRE_NODE_ID": "env-node"],
            overrides: [.nodeID: "flag-node"]
        )
        #expect(configuration.tablePrefix == "SYSTEM_")
        #expect(configuration.nodeID == "flag-node")
    }

    @Test func everyNewSettingIsReadIntoItsTypedProperty() throws {
        let configuration = try BatchwireConfiguration(environment: [
            "BATCHWIRE_MQTT_URL": "mqtts://broker:8883",
            "BATCHWIRE_MQTT_CA_FILE": "/tls/ca.pem",
            "BATCHWIRE_MQTT_CERT_FILE": "/tls/node.pem",
            "BATCHWIRE_MQTT_KEY_FILE": "/tls/node.key",
            "BATCHWIRE_SHUTDOWN_GRACE": "2m",
            "BATCHWIRE_HTTP_HOST": "0.0.0.0",
            "BATCHWIRE_HTTP_PORT": "9090",
            "BATCHWIRE_LISTENERS": "logging, openlineage,mqtt",
            "BATCHWIRE_OPENLINEAGE_URL": "https://lineage.internal:5000/api/v1/lineage",
            "BATCHWIRE_OPENLINEAGE_API_KEY": "k3y",
            "BATCHWIRE_EVENT_RETENTION": "7d",
            "BATCHWIRE_LEASE_SECONDS": "60",
            "BATCHWIRE_RECOVERY_SECONDS": "5",
        ])
        #expect(configuration.mqttCAFile == "/tls/ca.pem")
        #expect(configuration.mqttCertFile == "/tls/node.pem")
        #expect(configuration.mqttKeyFile == "/tls/node.key")
        #expect(configuration.shutdownGrace == .seconds(120))
        #expect(configuration.httpHost == "0.0.0.0")
        #expect(configuration.httpPort == 9090)
        #expect(configuration.listeners == ["logging", "openlineage", "mqtt"])
        #expect(configuration.openLineageURL?.absoluteString == "https://lineage.internal:5000/api/v1/lineage")
        #expect(configuration.openLineageAPIKey == "k3y")
        #expect(configuration.eventRetention == .seconds(7 * 86_400))
        #expect(configuration.leaseSeconds == 60)
        #expect(configuration.recoveryInterval == .seconds(5))
    }

    @Test func recoveryFollowsTheLeaseUnlessSet() throws {
        #expect(
            try BatchwireConfiguration(environment: ["BATCHWIRE_LEASE_SECONDS": "90"]).recoveryInterval == .seconds(30)
        )
        #expect(
            try BatchwireConfiguration(environment: ["BATCHWIRE_EVENT_RETENTION": "36"]).eventRetention
                == .seconds(36 * 3600)
        )
        #expect(try BatchwireConfiguration(environment: ["BATCHWIRE_SHUTDOWN_GRACE": "0"]).shutdownGrace == .zero)
    }

    @Test func claimAheadAndConstraintNamingAreRead() throws {
        let defaults = try BatchwireConfiguration(environment: [:])
        #expect(defaults.claimAhead == .seconds(1) && defaults.constraintNaming == .spring)
        let set = try BatchwireConfiguration(environment: [
            "BATCHWIRE_CLAIM_AHEAD": "5s", "BATCHWIRE_CONSTRAINT_NAMING": "prefixed",
        ])
        #expect(set.claimAhead == .seconds(5) && set.constraintNaming == .prefixed)
        #expect(try BatchwireConfiguration(environment: ["BATCHWIRE_CLAIM_AHEAD": "0"]).claimAhead == .zero)
    }

    @Test func jobKeyZoneIsReadAsAJavaZone() throws {
        #expect(try BatchwireConfiguration(environment: [:]).jobKeyZone == .utc)
        let berlin = try BatchwireConfiguration(environment: ["BATCHWIRE_JOB_KEY_ZONE": "Europe/Berlin"]).jobKeyZone
        #expect(berlin.identifier == "Europe/Berlin")
        #expect(berlin.standardName == "CET" && berlin.daylightName == "CEST")
    }

    @Test func mysqlURLIsParsedAndItsPasswordNeverPrinted() throws {
        let url = try DatabaseURL(parsing: "mysql://ops:s%40cret@db.internal:3307/batch")
        #expect(url == .mysql(host: "db.internal", port: 3307, user: "ops", password: "s@cret", database: "batch"))
        #expect(!url.description.contains("cret"))
        #expect(
            try DatabaseURL(parsing: "sqlite:/var/lib/batchwire/meta.sqlite")
                == .sqlite(path: "/var/lib/batchwire/meta.sqlite")
        )
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
        ("BATCHWIRE_HTTP_PORT", "70000"),
        ("BATCHWIRE_HTTP_HOST", "http://0.0.0.0"),
        ("BATCHWIRE_HTTP_HOST", "0.0.0.0/8080"),
        ("BATCHWIRE_SHUTDOWN_GRACE", "-1"),
        ("BATCHWIRE_CLAIM_AHEAD", "-1"),
        ("BATCHWIRE_CLAIM_AHEAD", "2m"),
        ("BATCHWIRE_CONSTRAINT_NAMING", "quartz"),
        ("BATCHWIRE_JOB_KEY_ZONE", "Europe/Atlantis"),
        ("BATCHWIRE_SHUTDOWN_GRACE", "soon"),
        ("BATCHWIRE_RECOVERY_SECONDS", "0"),
        ("BATCHWIRE_EVENT_RETENTION", "0"),
        ("BATCHWIRE_EVENT_RETENTION", "1w"),
        ("BATCHWIRE_LISTENERS", "logging,,mqtt"),
        ("BATCHWIRE_LISTENERS", "log ging"),
        ("BATCHWIRE_OPENLINEAGE_URL", "ftp://lineage/api"),
        ("BATCHWIRE_OPENLINEAGE_URL", "lineage.internal:5000"),
        ("BATCHWIRE_OPENLINEAGE_URL", "https://user:pw@lineage.internal/api"),
        ("BATCHWIRE_MQTT_CA_FILE", " /tls/ca.pem"),
    ])
    func malformedValuesAreRejectedByName(variable: String, value: String) {
        #expect {
            _ = try BatchwireConfiguration(environment: [variable: value])
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.key.environmentVariable == variable && error.source == .environment
                && "\(error)".hasPrefix(variable + ": ")
        }
    }

    @Test func aBadFlagIsNamedAsTheFlag() {
        #expect {
            _ = try BatchwireConfiguration(environment: [:], overrides: [.leaseSeconds: "thirty"])
        } throws: { error in
            (error as? ConfigurationError)?.source == .flag
                && "\(error)" == "--lease-seconds: expected a positive whole number"
        }
    }

    @Test func secretsAreRefusedAsFlagsWithoutRepeatingThem() throws {
        for (key, value) in [
            (ConfigurationKey.mqttPassword, "hunter2"), (.openLineageAPIKey, "hunter2"),
            (.httpOperatorToken, "hunter2-hunter2-hunter2"),
            (.databaseURL, "mysql://ops:hunter2@db/batch"),
        ] {
            #expect {
                _ = try BatchwireConfiguration(environment: [:], overrides: [key: value])
            } throws: { error in
                let text = "\(error)"
                return (error as? ConfigurationError)?.key == key && text.contains(key.environmentVariable)
                    && !text.contains("hunter2")
            }
        }
        // The everyday database URLs are fine as flags.
        let sqlite = try BatchwireConfiguration(environment: [:], overrides: [.databaseURL: "sqlite:/tmp/x.sqlite"])
        #expect(sqlite.database == .sqlite(path: "/tmp/x.sqlite"))
        let passwordless = try BatchwireConfiguration(
            environment: [:],
            overrides: [.databaseURL: "mysql://ops@db/batch"]
        )
        #expect(passwordless.database == .mysql(host: "db", port: 3306, user: "ops", password: "", database: "batch"))
    }

    @Test func aClientCertificateNeedsItsKeyAndTLSNeedsAnMQTTSURL() {
        #expect {
            _ = try BatchwireConfiguration(environment: [
                "BATCHWIRE_MQTT_URL": "mqtts://broker:8883", "BATCHWIRE_MQTT_CERT_FILE": "/tls/node.pem",
            ])
        } throws: { error in
            (error as? ConfigurationError)?.key == .mqttCertFile && "\(error)".contains("mqtt-key-file is not set")
        }
        #expect {
            _ = try BatchwireConfiguration(environment: [
                "BATCHWIRE_MQTT_URL": "mqtt://broker:1883", "BATCHWIRE_MQTT_CA_FILE": "/tls/ca.pem",
            ])
        } throws: { error in
            (error as? ConfigurationError)?.key == .mqttCAFile && "\(error)".contains("mqtts://")
        }
    }

    @Test func httpStepTLSFilesAreReadAndTheCertificateNeedsItsKey() throws {
        let configuration = try BatchwireConfiguration(environment: [
            "BATCHWIRE_HTTP_STEP_CA_FILE": "/tls/hooks-ca.pem", "BATCHWIRE_HTTP_STEP_CERT_FILE": "/tls/c.pem",
            "BATCHWIRE_HTTP_STEP_KEY_FILE": "/tls/c.key",
        ])
        #expect(configuration.httpStepCAFile == "/tls/hooks-ca.pem")
        #expect(configuration.httpStepCertFile == "/tls/c.pem" && configuration.httpStepKeyFile == "/tls/c.key")
        #expect {
            _ = try BatchwireConfiguration(environment: ["BATCHWIRE_HTTP_STEP_KEY_FILE": "/tls/c.key"])
        } throws: { error in
            (error as? ConfigurationError)?.key == .httpStepKeyFile
                && "\(error)".contains("http-step-cert-file is not set")
        }
    }
}
