/// An ordered map from parameter name to ``JobParameter``, like Spring's `JobParameters` (a
/// `LinkedHashMap`): insertion order is kept for display and storage, and equality ignores order.
public struct JobParameters: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    private var names: [String] = []
    private var storage: [String: JobParameter] = [:]

    /// Empty parameters.
    public init() {}

    /// Parameters from `(name, parameter)` pairs, in order; a repeated name keeps its first position and
    /// its last value.
    public init(_ pairs: some Sequence<(String, JobParameter)>) {
        for (name, parameter) in pairs {
            self[name] = parameter
        }
    }

    public init(dictionaryLiteral elements: (String, JobParameter)...) {
        self.init(elements)
    }

    /// The number of parameters.
    public var count: Int { names.count }

    /// Whether there are no parameters.
    public var isEmpty: Bool { names.isEmpty }

    /// The names in insertion order.
    public var parameterNames: [String] { names }

    /// The parameter called `name`; setting `nil` removes it, setting an existing name keeps its position.
    public subscript(name: String) -> JobParameter? {
        get { storage[name] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: name) == nil {
                    names.append(name)
                }
            } else if storage.removeValue(forKey: name) != nil {
                names.removeAll { $0 == name }
            }
        }
    }

    /// A copy with `parameter` added under `name` (replacing any parameter of that name).
    public func adding(_ name: String, _ parameter: JobParameter) -> JobParameters {
        var copy = self
        copy[name] = parameter
        return copy
    }

    /// A copy with `value` added under `name`.
    public func adding(_ name: String, _ value: JobParameter.Value, identifying: Bool = true) -> JobParameters {
        adding(name, JobParameter(value, identifying: identifying))
    }

    /// Only the identifying parameters (Spring's `getIdentifyingParameters()`), in order.
    public var identifying: JobParameters {
        JobParameters(lazy.filter { $0.1.isIdentifying })
    }

    /// Only the non-identifying parameters, in order.
    public var nonIdentifying: JobParameters {
        JobParameters(lazy.filter { !$0.1.isIdentifying })
    }

    /// Iterates `(name, parameter)` pairs in insertion order.
    public func makeIterator() -> some IteratorProtocol<(String, JobParameter)> {
        names.lazy.map { ($0, storage[$0]!) }.makeIterator()
    }

    /// Spring 5's `JobParameters.toString()`: `{'name':'{value=foo, type=class java.lang.String, identifying=true}'}`.
    ///
    /// - Parameter zone: the JVM default time zone, only used for `java.util.Date` values.
    public func springDescription(zone: JavaTimeZone = .utc) -> String {
        "{" + map { "'\($0.0)':'\($0.1.springDescription(zone: zone))'" }.joined(separator: ",") + "}"
    }

    /// The names in Java's natural `String` order: lexicographic by UTF-16 code unit. Swift's `<` on
    /// `String` compares Unicode scalars and differs for characters beyond the BMP.
    public var namesInJavaOrder: [String] {
        names.sorted { JobParameters.javaLess($0, $1) }
    }

    static func javaLess(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf16.lexicographicallyPrecedes(rhs.utf16)
    }

    public static func == (lhs: JobParameters, rhs: JobParameters) -> Bool {
        lhs.storage == rhs.storage
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage)
    }
}
