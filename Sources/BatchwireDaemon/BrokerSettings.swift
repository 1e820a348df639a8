import BatchwireRuntime
import Foundation
import MosquittoClient

/// The MQTT client settings of a configuration.
enum BrokerSettings {
    /// - Throws: a message naming the bad URL.
    static func configuration(_ configuration: BatchwireConfiguration, url: String) throws -> MQTTConfiguration {
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
            throw BrokerURLError(url: url)
        }
        let secure = components.scheme == "mqtts"
        var settings = MQTTConfiguration(
            host: host, port: components.port ?? (secure ? 8883 : 1883),
            clientID: "batchwire-\(configuration.nodeID)-\(getpid())",
            username: configuration.mqttUsername, password: configuration.mqttPassword)
        if secure {
            settings.tls = MQTTTLSConfiguration(
                caFile: configuration.mqttCAFile, caDirectory: configuration.mqttCAFile == nil ? "/etc/ssl/certs" : nil,
                certificateFile: configuration.mqttCertFile, keyFile: configuration.mqttKeyFile)
        }
        return settings
    }
}

struct BrokerURLError: Error, CustomStringConvertible {
    let url: String
    var description: String { "the MQTT URL \(url) has no host; use mqtt://host:1883 or mqtts://host:8883" }
}
