import Foundation

/// Where and how an ``OpenLineageHTTPListener`` posts RunEvents: the options of the
/// `openlineage-http` listener (`job-status-changed-listener.openlineage-http.<option>`).
///
/// | option | default | meaning |
/// | --- | --- | --- |
/// | `url` | required | the lineage endpoint, e.g. `http://marquez:5000/api/v1/lineage` (http or https) |
/// | `api-key` | none | sent as `Authorization: Bearer <api-key>`; secret, never logged |
/// | `timeout` | `10` | seconds one request may take |
/// | `namespace` | the relay's (`batchwire`) | the OpenLineage job namespace (it also seeds the `runId`) |
/// | `max-attempts` | `5` | tries per event, the first included, on 5xx, 408, 429 or connection errors |
/// | `retry-backoff` | `1` | seconds before the second try; doubled for each further try, at most 30 |
///
/// `description` never shows the API key, nor the URL's user info or query.
public struct OpenLineageHTTPConfiguration: Sendable, CustomStringConvertible {
    /// The option names, as configuration writes them.
    public static let optionNames = ["url", "api-key", "timeout", "namespace", "max-attempts", "retry-backoff"]
    /// The longest wait between two tries.
    public static let maximumRetryBackoff: Duration = .seconds(30)

    /// The endpoint RunEvents are posted to.
    public var url: URL
    /// The bearer token, if the endpoint needs one. Secret.
    public var apiKey: String?
    /// How long one request may take.
    public var timeout: Duration
    /// The OpenLineage job namespace; `nil` keeps the namespace of the builder the factory was given.
    public var namespace: String?
    /// How many times one event is tried, the first included (at least 1).
    public var maxAttempts: Int
    /// The wait before the second try; doubled for each further one, at most ``maximumRetryBackoff``.
    public var retryBackoff: Duration

    /// A configuration.
    ///
    /// - Parameters:
    ///   - url: the endpoint (http or https).
    ///   - apiKey: the bearer token, if any.
    ///   - timeout: how long one request may take (default 10 s).
    ///   - namespace: the OpenLineage job namespace, or `nil` for the builder's.
    ///   - maxAttempts: tries per event (default 5, at least 1).
    ///   - retryBackoff: the first wait between tries (default 1 s).
    public init(
        url: URL, apiKey: String? = nil, timeout: Duration = .seconds(10), namespace: String? = nil,
        maxAttempts: Int = 5, retryBackoff: Duration = .seconds(1)
    ) {
        self.url = url
        self.apiKey = apiKey
        self.timeout = timeout
        self.namespace = namespace
        self.maxAttempts = max(1, maxAttempts)
        self.retryBackoff = max(.zero, retryBackoff)
    }

    /// Reads the listener's options (keys without the `job-status-changed-listener.openlineage-http.` prefix).
    ///
    /// - Parameter options: the options; see the table above.
    /// - Throws: ``ListenerRegistryError`` (`invalidConfiguration`) naming the bad option and what to write.
    public init(options: [String: String]) throws(ListenerRegistryError) {
        let listener = OpenLineageHTTPListenerFactory.name
        func invalid(_ message: String) -> ListenerRegistryError {
            ListenerRegistryError(code: .invalidConfiguration, listenerName: listener, message: message)
        }
        for key in options.keys.sorted() where !Self.optionNames.contains(key) {
            throw invalid(
                "unknown option '\(key)'; the openlineage-http listener knows "
                    + Self.optionNames.joined(separator: ", "))
        }
        guard let text = options["url"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            throw invalid(
                "option 'url' is missing; give the lineage endpoint, e.g. "
                    + "job-status-changed-listener.openlineage-http.url: http://marquez:5000/api/v1/lineage")
        }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else {
            throw invalid(
                "option 'url' is not an http or https URL with a host; write e.g. http://marquez:5000/api/v1/lineage")
        }
        var apiKey: String?
        if let key = options["api-key"] {
            let trimmed = key.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else {
                throw invalid(
                    "option 'api-key' is empty; give the key, or remove the option if the endpoint needs none")
            }
            apiKey = trimmed
        }
        var namespace: String?
        if let value = options["namespace"] {
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else {
                throw invalid("option 'namespace' is empty; give the OpenLineage job namespace, e.g. batchwire")
            }
            namespace = trimmed
        }
        let timeout = try Self.seconds(options["timeout"], option: "timeout", default: .seconds(10), allowZero: false)
        let backoff = try Self.seconds(
            options["retry-backoff"], option: "retry-backoff", default: .seconds(1), allowZero: true)
        var attempts = 5
        if let value = options["max-attempts"] {
            guard let parsed = Int(value.trimmingCharacters(in: .whitespaces)), (1...100).contains(parsed) else {
                throw invalid("option 'max-attempts' is '\(value)'; write a whole number from 1 to 100, e.g. 5")
            }
            attempts = parsed
        }
        self.init(
            url: url, apiKey: apiKey, timeout: timeout, namespace: namespace, maxAttempts: attempts,
            retryBackoff: backoff)
    }

    /// The URL without user info, query or fragment: what logs and errors show.
    public var redactedURL: String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return "<url>" }
        components.user = nil
        components.password = nil
        components.query = nil
        components.fragment = nil
        return components.string ?? "<url>"
    }

    public var description: String {
        "openlineage-http → \(redactedURL) (api key \(apiKey == nil ? "none" : "set"), timeout \(timeout), "
            + "\(maxAttempts) attempts, namespace \(namespace ?? "default"))"
    }

    /// The wait before try number `attempt + 1`, after `attempt` failed tries (1, 2, …).
    func backoff(afterAttempt attempt: Int) -> Duration {
        var wait = retryBackoff
        for _ in 1..<max(1, min(attempt, 30)) {
            wait = wait * 2
            if wait >= Self.maximumRetryBackoff { return Self.maximumRetryBackoff }
        }
        return min(wait, Self.maximumRetryBackoff)
    }

    /// A number of seconds (decimals allowed), as a `Duration`.
    private static func seconds(
        _ text: String?, option: String, default fallback: Duration, allowZero: Bool
    ) throws(ListenerRegistryError) -> Duration {
        guard let text else { return fallback }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let value = Double(trimmed), value.isFinite, allowZero ? value >= 0 : value > 0, value <= 86_400 else {
            throw ListenerRegistryError(
                code: .invalidConfiguration, listenerName: OpenLineageHTTPListenerFactory.name,
                message: "option '\(option)' is '\(text)'; write a number of seconds"
                    + (allowZero ? " (0 or more)" : " greater than 0") + ", e.g. 2.5")
        }
        return .milliseconds(Int64((value * 1000).rounded()))
    }
}
