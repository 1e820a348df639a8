/// The key/value state of a job or step execution, Spring Batch's `ExecutionContext`, that a restart
/// hands back to the next execution.
///
/// Values are String, Long, Integer, Double and Boolean, which Batchwire and its steps write, and any
/// other Java object that Spring wrote (a ``JavaObject``: dates, decimals, collections, an application's
/// own classes), which is read as far as Batchwire knows the class and written back unchanged.
/// Insertion order is kept (it decides the order of keys that share a Java `HashMap` bucket when the
/// context is serialized).
public struct ExecutionContext: Sendable, Hashable, Sequence {
    /// A context value: one case per Java class Batchwire writes, and ``java(_:)`` for any other.
    public enum Value: Sendable, Hashable {
        /// `java.lang.String`.
        case string(String)
        /// `java.lang.Long`.
        case long(Int64)
        /// `java.lang.Integer`.
        case integer(Int32)
        /// `java.lang.Double`.
        case double(Double)
        /// `java.lang.Boolean`.
        case boolean(Bool)
        /// Any other Java object, as Spring's default serializer wrote it.
        case java(JavaObject)
    }

    private var keys: [String] = []
    private var storage: [String: Value] = [:]

    /// Whether the context changed since it was created or since ``clearDirtyFlag()``.
    ///
    /// Spring only rewrites a step's context row when this is set.
    public private(set) var isDirty = false

    /// An empty, clean context.
    public init() {}

    /// A clean context holding `pairs`, in order.
    public init(_ pairs: some Sequence<(String, Value)>) {
        for (key, value) in pairs {
            self[key] = value
        }
        isDirty = false
    }

    /// The number of entries.
    public var count: Int { keys.count }

    /// Whether there are no entries.
    public var isEmpty: Bool { keys.isEmpty }

    /// The keys, in insertion order.
    public var entryKeys: [String] { keys }

    /// The value for `key`. Setting marks the context dirty if the value changed (Spring's `put`);
    /// setting `nil` removes the key, marking the context dirty if it was there.
    public subscript(key: String) -> Value? {
        get { storage[key] }
        set {
            if let newValue {
                let previous = storage.updateValue(newValue, forKey: key)
                if previous == nil {
                    keys.append(key)
                }
                isDirty = isDirty || previous != newValue
            } else if storage.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
                isDirty = true
            }
        }
    }

    /// Whether `key` is present.
    public func containsKey(_ key: String) -> Bool {
        storage[key] != nil
    }

    /// The string under `key`, or `nil` if absent or not a string.
    public func string(forKey key: String) -> String? {
        if case .string(let value) = storage[key] { return value }
        return nil
    }

    /// The long under `key`, or `nil` if absent or not a long.
    public func long(forKey key: String) -> Int64? {
        if case .long(let value) = storage[key] { return value }
        return nil
    }

    /// The integer under `key`, or `nil` if absent or not an integer.
    public func integer(forKey key: String) -> Int32? {
        if case .integer(let value) = storage[key] { return value }
        return nil
    }

    /// The double under `key`, or `nil` if absent or not a double.
    public func double(forKey key: String) -> Double? {
        if case .double(let value) = storage[key] { return value }
        return nil
    }

    /// The boolean under `key`, or `nil` if absent or not a boolean.
    public func boolean(forKey key: String) -> Bool? {
        if case .boolean(let value) = storage[key] { return value }
        return nil
    }

    /// The Java object under `key`, or `nil` if absent or a scalar.
    public func javaObject(forKey key: String) -> JavaObject? {
        if case .java(let value) = storage[key] { return value }
        return nil
    }

    /// The keys whose values Batchwire cannot read (unknown Java classes, also inside collections), with
    /// those classes, in key order.
    public var unreadableEntries: [(key: String, classNames: [String])] {
        keys.compactMap { key in
            guard case .java(let object) = storage[key], !object.isReadable else { return nil }
            return (key, object.unreadableClassNames)
        }
    }

    /// Marks the context clean (after it was persisted).
    public mutating func clearDirtyFlag() {
        isDirty = false
    }

    /// Iterates `(key, value)` pairs in insertion order.
    public func makeIterator() -> some IteratorProtocol<(String, Value)> {
        keys.lazy.map { ($0, storage[$0]!) }.makeIterator()
    }

    /// Contents equality, ignoring order and the dirty flag (as Java's `ExecutionContext.equals`).
    public static func == (lhs: ExecutionContext, rhs: ExecutionContext) -> Bool {
        lhs.storage == rhs.storage
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage)
    }

    /// Keys the framework puts in contexts.
    public enum WellKnownKey {
        /// Job context: the Spring Batch version that ran the job (`SpringBatchVersion.BATCH_VERSION_KEY`).
        public static let batchVersion = "batch.version"
        /// Step context: set after the step ran; removed when a restart copies the context.
        public static let batchExecuted = "batch.executed"
        /// Job and step contexts: set by Spring 6's `recover`.
        public static let batchRecovered = "batch.recovered"
    }
}
