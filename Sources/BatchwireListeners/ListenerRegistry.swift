import Foundation

/// Which listener factories exist, and the listeners that configuration asks for, as Flink's
/// `execution.job-status-changed-listeners` does.
///
/// Configuration is a flat map (from the configuration file, environment or flags):
///
/// ```
/// job-status-changed-listeners: logging, mqtt
/// job-status-changed-listener.logging.output: stderr
/// job-status-changed-listener.mqtt.topic-prefix: acme/batchwire
/// ```
///
/// ``listenersKey`` lists the factory names, in order; each listener gets the keys that start with
/// `job-status-changed-listener.<name>.`, with that prefix removed.
public struct ListenerRegistry: Sendable {
    /// The key whose value lists the listeners to create, comma-separated.
    public static let listenersKey = "job-status-changed-listeners"
    /// The prefix of one listener's options: `job-status-changed-listener.<name>.<option>`.
    public static let optionPrefix = "job-status-changed-listener."

    private var factories: [String: any JobStatusChangedListenerFactory] = [:]

    /// A registry with the built-in factories (``LoggingListenerFactory``).
    public init() {
        factories[LoggingListenerFactory.name] = LoggingListenerFactory()
    }

    /// A registry with the built-in factories and `factories`.
    ///
    /// - Parameter factories: more factories.
    /// - Throws: ``ListenerRegistryError`` (`duplicateFactory`) if two have the same name.
    public init(factories: [any JobStatusChangedListenerFactory]) throws(ListenerRegistryError) {
        self.init()
        for factory in factories {
            try register(factory)
        }
    }

    /// Adds a factory.
    ///
    /// - Parameter factory: the factory; its name must be new.
    /// - Throws: ``ListenerRegistryError`` (`duplicateFactory`) if the name is taken.
    public mutating func register(_ factory: any JobStatusChangedListenerFactory) throws(ListenerRegistryError) {
        guard factories[factory.name] == nil else {
            throw ListenerRegistryError(
                code: .duplicateFactory, listenerName: factory.name,
                message: "a listener factory named '\(factory.name)' is already registered; give the new one "
                    + "another name")
        }
        factories[factory.name] = factory
    }

    /// The registered factory names, sorted.
    public var factoryNames: [String] {
        factories.keys.sorted()
    }

    /// Makes one listener.
    ///
    /// - Parameters:
    ///   - name: the factory name.
    ///   - configuration: the listener's options (keys without the prefix).
    /// - Returns: the listener, named `name`.
    /// - Throws: ``ListenerRegistryError``: `unknownListener` naming the known factories, or
    ///   `invalidConfiguration` with the factory's message.
    public func makeListener(
        named name: String, configuration: [String: String] = [:]
    ) throws(ListenerRegistryError) -> NamedListener {
        guard let factory = factories[name] else {
            throw ListenerRegistryError(
                code: .unknownListener, listenerName: name,
                message: "no listener factory is named '\(name)'; known names: "
                    + factoryNames.joined(separator: ", ")
                    + ". Fix '\(Self.listenersKey)', or register the factory before the listeners are created")
        }
        do {
            return NamedListener(name: name, listener: try factory.make(configuration: configuration))
        } catch let error as ListenerRegistryError {
            throw error
        } catch {
            throw ListenerRegistryError(
                code: .invalidConfiguration, listenerName: name,
                message: "the options under '\(Self.optionPrefix)\(name).' are not valid: \(error)",
                underlying: error)
        }
    }

    /// Makes every listener that `configuration` lists under ``listenersKey``, in that order.
    ///
    /// - Parameter configuration: the flat configuration.
    /// - Returns: the listeners; none when the key is absent or empty.
    /// - Throws: ``ListenerRegistryError``: `unknownListener` (also for a name listed twice) or
    ///   `invalidConfiguration`.
    public func makeListeners(configuration: [String: String]) throws(ListenerRegistryError) -> [NamedListener] {
        var seen: Set<String> = []
        var listeners: [NamedListener] = []
        for name in Self.listenerNames(in: configuration) {
            guard seen.insert(name).inserted else {
                throw ListenerRegistryError(
                    code: .unknownListener, listenerName: name,
                    message: "'\(name)' is listed twice in '\(Self.listenersKey)'; list each listener once")
            }
            listeners.append(try makeListener(named: name, configuration: Self.options(for: name, in: configuration)))
        }
        return listeners
    }

    /// The names listed under ``listenersKey``, trimmed, empty entries dropped.
    public static func listenerNames(in configuration: [String: String]) -> [String] {
        (configuration[listenersKey] ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// One listener's options: the keys under `job-status-changed-listener.<name>.`, prefix removed.
    public static func options(for name: String, in configuration: [String: String]) -> [String: String] {
        let prefix = optionPrefix + name + "."
        var options: [String: String] = [:]
        for (key, value) in configuration where key.hasPrefix(prefix) {
            options[String(key.dropFirst(prefix.count))] = value
        }
        return options
    }
}
