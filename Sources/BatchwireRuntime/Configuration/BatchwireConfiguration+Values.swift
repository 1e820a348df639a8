import BatchwireCore
import BatchwireCron
import BatchwireStore
import Foundation

/// Reading and checking each setting's value.
extension BatchwireConfiguration {
    mutating func apply(_ value: String, to key: ConfigurationKey) throws {
        switch key {
        case .databaseURL: database = try DatabaseURL(parsing: value)
        case .tablePrefix:
            guard value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw ConfigurationError(
                    key: key,
                    reason: "use only ASCII letters, digits and underscores, e.g. BATCH_"
                )
            }
            tablePrefix = value
        case .mqttURL:
            guard value.hasPrefix("mqtt://") || value.hasPrefix("mqtts://") else {
                throw ConfigurationError(key: key, reason: "use mqtt://host:1883 or mqtts://host:8883")
            }
            mqttURL = value
        case .mqttUsername: mqttUsername = value
        case .mqttPassword: mqttPassword = value
        case .mqttTopicPrefix:
            guard !value.contains(where: { "#+".contains($0) }) else {
                throw ConfigurationError(key: key, reason: "a topic prefix cannot contain the wildcards # or +")
            }
            mqttTopicPrefix = value
        case .mqttCAFile: mqttCAFile = try Self.path(value, key)
        case .mqttCertFile: mqttCertFile = try Self.path(value, key)
        case .mqttKeyFile: mqttKeyFile = try Self.path(value, key)
        case .httpStepCAFile: httpStepCAFile = try Self.path(value, key)
        case .httpStepCertFile: httpStepCertFile = try Self.path(value, key)
        case .httpStepKeyFile: httpStepKeyFile = try Self.path(value, key)
        case .nodeID: nodeID = value
        case .schedulesDirectory: schedulesDirectory = value
        case .leaseSeconds: leaseSeconds = try Self.positiveInteger(value, key)
        case .recoverySeconds: recoveryInterval = .seconds(try Self.positiveInteger(value, key))
        case .shutdownGrace:
            shutdownGrace = try Self.duration(value, key, unit: 1, unitName: "seconds", allowZero: true)
        case .httpHost: httpHost = try Self.host(value, key)
        case .httpPort:
            guard let port = Int(value), (0...65_535).contains(port) else {
                throw ConfigurationError(key: key, reason: "expected a TCP port, 1 to 65535 (0 picks a free one)")
            }
            httpPort = port
        case .httpOperatorToken:
            guard value.count >= 16, !value.contains(where: { $0.isWhitespace }) else {
                throw ConfigurationError(
                    key: key, reason: "use at least 16 characters without spaces, e.g. the output of `openssl rand -hex 24`")
            }
            httpOperatorToken = value
        case .listeners: listeners = try Self.listenerNames(value, key)
        case .listenerOptions: listenerOptions = try Self.listenerOptions(value, key)
        case .openLineageURL: openLineageURL = try Self.openLineageURL(value, key)
        case .openLineageAPIKey: openLineageAPIKey = value
        case .eventRetention:
            eventRetention = try Self.duration(value, key, unit: 3600, unitName: "hours", allowZero: false)
        case .deadLetterAfter: deadLetterAfter = try Self.positiveInteger(value, key)
        case .claimAhead:
            claimAhead = try Self.duration(value, key, unit: 1, unitName: "seconds", allowZero: true)
            guard claimAhead <= .seconds(60) else {
                throw ConfigurationError(key: key, reason: "claim at most 60 seconds ahead, e.g. 1 or 5s")
            }
        case .constraintNaming:
            guard let naming = ConstraintNaming(rawValue: value) else {
                throw ConfigurationError(key: key, reason: "expected spring (Spring's exact names) or prefixed")
            }
            constraintNaming = naming
        case .jobKeyZone:
            guard let zone = JavaTimeZone(identifier: value) else {
                throw ConfigurationError(
                    key: key,
                    reason: "expected the IANA zone id the Spring JVMs run in (their -Duser.timezone or TZ), "
                        + "e.g. UTC or Europe/Berlin")
            }
            jobKeyZone = zone
        }
    }

    /// Checks the settings that must fit together, once every value is read.
    func checkCombinations(sources: [ConfigurationKey: ConfigurationSource]) throws {
        if (mqttCertFile == nil) != (mqttKeyFile == nil) {
            let (given, missing): (ConfigurationKey, ConfigurationKey) =
                mqttCertFile == nil ? (.mqttKeyFile, .mqttCertFile) : (.mqttCertFile, .mqttKeyFile)
            throw ConfigurationError(
                key: given,
                reason: "a client certificate needs both \(ConfigurationKey.mqttCertFile.rawValue) and "
                    + "\(ConfigurationKey.mqttKeyFile.rawValue); \(missing.rawValue) is not set",
                source: sources[given]
            )
        }
        if (httpStepCertFile == nil) != (httpStepKeyFile == nil) {
            let (given, missing): (ConfigurationKey, ConfigurationKey) =
                httpStepCertFile == nil ? (.httpStepKeyFile, .httpStepCertFile) : (.httpStepCertFile, .httpStepKeyFile)
            throw ConfigurationError(
                key: given,
                reason: "an http step client certificate needs both \(ConfigurationKey.httpStepCertFile.rawValue) and "
                    + "\(ConfigurationKey.httpStepKeyFile.rawValue); \(missing.rawValue) is not set",
                source: sources[given]
            )
        }
        let tlsFile = [ConfigurationKey.mqttCAFile, .mqttCertFile, .mqttKeyFile].first { sources[$0] != nil }
        if let tlsFile, mqttURL?.hasPrefix("mqtts://") != true {
            throw ConfigurationError(
                key: tlsFile,
                reason: "TLS files are used only with an mqtts:// broker URL; set \(ConfigurationKey.mqttURL.rawValue) "
                    + "to mqtts://host:8883, or remove the TLS settings",
                source: sources[tlsFile]
            )
        }
    }

    private static func positiveInteger(_ value: String, _ key: ConfigurationKey) throws -> Int {
        guard let number = Int(value), number > 0 else {
            throw ConfigurationError(key: key, reason: "expected a positive whole number")
        }
        return number
    }

    /// A whole number of `unitName`, or a duration with units (`90s`, `15m`, `2h`, `7d`, `1h30m`).
    private static func duration(
        _ value: String,
        _ key: ConfigurationKey,
        unit: Int,
        unitName: String,
        allowZero: Bool
    ) throws -> Duration {
        if let number = Int(value), number > 0 || (allowZero && number == 0) {
            let (seconds, overflow) = number.multipliedReportingOverflow(by: unit)
            if !overflow { return .seconds(seconds) }
        }
        if let seconds = DurationText.seconds(value) { return .seconds(seconds) }
        throw ConfigurationError(
            key: key,
            reason: "expected a whole number of \(unitName)\(allowZero ? " (0 or more)" : ""), "
                + "or a duration such as 90s, 15m, 2h or 7d"
        )
    }

    private static func path(_ value: String, _ key: ConfigurationKey) throws -> String {
        guard !value.contains("\0"), value.trimmingCharacters(in: .whitespaces) == value else {
            throw ConfigurationError(key: key, reason: "expected a file path without leading or trailing spaces")
        }
        return value
    }

    /// An IPv4 or IPv6 address or a host name, without scheme, port or path.
    private static func host(_ value: String, _ key: ConfigurationKey) throws -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: ".-:_%"))
        guard value.unicodeScalars.allSatisfy({ $0.isASCII && allowed.contains($0) }) else {
            throw ConfigurationError(
                key: key,
                reason: "expected an address or host name alone, such as 127.0.0.1, 0.0.0.0, :: or localhost "
                    + "(the port is \(ConfigurationKey.httpPort.rawValue))"
            )
        }
        return value
    }

    /// Names separated by commas; nothing at all (an empty YAML list in the file) for no listeners.
    private static func listenerNames(_ value: String, _ key: ConfigurationKey) throws -> [String] {
        if value.isEmpty { return [] }
        let names = value.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_."))
        guard names.allSatisfy({ !$0.isEmpty && $0.unicodeScalars.allSatisfy { $0.isASCII && allowed.contains($0) } })
        else {
            throw ConfigurationError(
                key: key,
                reason: "expected listener factory names separated by commas, such as logging,openlineage-http "
                    + "(letters, digits, - _ and . only; no empty names)"
            )
        }
        return names
    }

    /// `<listener>.<option>=<value>` pairs separated by commas (a value cannot hold a comma).
    private static func listenerOptions(_ value: String, _ key: ConfigurationKey) throws -> [String: String] {
        var options: [String: String] = [:]
        for pair in value.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let name = parts.first ?? ""
            let dot = name.firstIndex(of: ".")
            guard parts.count == 2, !parts[1].isEmpty, let dot, dot != name.startIndex, name.index(after: dot) != name.endIndex
            else {
                throw ConfigurationError(
                    key: key,
                    reason: "expected <listener>.<option>=<value> pairs separated by commas, such as "
                        + "openlineage-http.timeout=5,logging.output=stderr; '\(pair)' is not one")
            }
            guard options.updateValue(parts[1], forKey: name) == nil else {
                throw ConfigurationError(key: key, reason: "'\(name)' is given twice; keep one")
            }
        }
        return options
    }

    /// An `http://` or `https://` URL with a host and no credentials (those belong in
    /// `openlineage-api-key`, which is kept secret).
    private static func openLineageURL(_ value: String, _ key: ConfigurationKey) throws -> URL {
        let example = "use http://host:5000/api/v1/lineage or https://…"
        guard let components = URLComponents(string: value), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let url = components.url
        else {
            throw ConfigurationError(key: key, reason: "expected an http:// or https:// URL; \(example)")
        }
        guard let host = components.host, !host.isEmpty else {
            throw ConfigurationError(key: key, reason: "the URL has no host; \(example)")
        }
        guard components.user == nil, components.password == nil else {
            throw ConfigurationError(
                key: key,
                reason: "do not put credentials in the URL; give the key in "
                    + "\(ConfigurationKey.openLineageAPIKey.environmentVariable) or the configuration file"
            )
        }
        return url
    }
}
