import Foundation

/// The JSON form of Spring Batch 5's optional `Jackson2ExecutionContextStringSerializer`: an object
/// with `"@class":"java.util.HashMap"` first, JSON-natural values (String, Integer, Double, Boolean)
/// written as themselves, and `Long` values type-wrapped as `["java.lang.Long",5]`, as Jackson's
/// default typing (`NON_FINAL`, class-name ids) writes them.
///
/// Reading is lenient where Jackson is: the `@class` entry may be missing, and any value may be
/// type-wrapped with one of the five supported classes. Keys are written sorted, so the same
/// context always gives the same text.
public struct JacksonExecutionContextSerializer: ExecutionContextSerializer, Hashable {
    public init() {}

    public func serialize(_ context: ExecutionContext) -> String {
        var parts = ["\"@class\":\"java.util.HashMap\""]
        for key in context.entryKeys.sorted() {
            guard let value = context[key] else { continue }
            parts.append(Self.quote(key) + ":" + Self.render(value))
        }
        return "{" + parts.joined(separator: ",") + "}"
    }

    private static func render(_ value: ExecutionContext.Value) -> String {
        switch value {
        case .string(let text): quote(text)
        case .long(let long): "[\"java.lang.Long\",\(long)]"
        case .integer(let integer): "\(integer)"
        case .double(let double): double.isFinite ? JavaText.double(double) : "[\"java.lang.Double\",\(quote("\(double)"))]"
        case .boolean(let flag): flag ? "true" : "false"
        // Jackson's typing of arbitrary Java classes is not reproduced: the object is kept as its text.
        case .java(let object): quote(object.description)
        }
    }

    private static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let control where control.value < 0x20:
                out += String(format: "\\u%04x", control.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    public func deserialize(_ serialized: String) throws(ExecutionContextSerializationError) -> ExecutionContext {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(serialized.utf8), options: [.fragmentsAllowed])
        } catch {
            throw ExecutionContextSerializationError(
                code: .invalidEncoding, message: "the context is not JSON; was it written by another serializer?")
        }
        guard let map = object as? [String: Any] else {
            throw ExecutionContextSerializationError(code: .malformed, message: "a JSON context must be an object")
        }
        if let type = map["@class"], (type as? String) != "java.util.HashMap" {
            throw ExecutionContextSerializationError(
                code: .unsupportedContent, message: "the context's @class is \(type); only java.util.HashMap is read")
        }
        var pairs: [(String, ExecutionContext.Value)] = []
        for key in map.keys.sorted() where key != "@class" {
            pairs.append((key, try Self.value(map[key] as Any, key: key)))
        }
        return ExecutionContext(pairs)
    }

    private static func value(_ raw: Any, key: String) throws(ExecutionContextSerializationError) -> ExecutionContext.Value {
        if let wrapped = raw as? [Any] {
            guard wrapped.count == 2, let type = wrapped[0] as? String else {
                throw unsupported(key, "an array that is not a [\"java.lang.X\", value] type wrapper")
            }
            return try typed(type, wrapped[1], key: key)
        }
        if let text = raw as? String { return .string(text) }
        if let number = raw as? NSNumber {
            if isBoolean(number) { return .boolean(number.boolValue) }
            if isFloatingPoint(number) { return .double(number.doubleValue) }
            // An unwrapped whole number is an Integer to Jackson; a larger one can only be a Long.
            if let integer = Int32(exactly: number.int64Value) { return .integer(integer) }
            return .long(number.int64Value)
        }
        throw unsupported(key, "a value that is not a string, number, boolean or type wrapper")
    }

    private static func typed(_ type: String, _ raw: Any, key: String) throws(ExecutionContextSerializationError) -> ExecutionContext.Value {
        switch (type, raw) {
        case ("java.lang.String", let text as String): return .string(text)
        case ("java.lang.Long", let number as NSNumber) where !isBoolean(number) && !isFloatingPoint(number):
            return .long(number.int64Value)
        case ("java.lang.Integer", let number as NSNumber) where !isBoolean(number) && !isFloatingPoint(number):
            guard let integer = Int32(exactly: number.int64Value) else { throw unsupported(key, "an Integer out of range") }
            return .integer(integer)
        case ("java.lang.Double", let number as NSNumber) where !isBoolean(number): return .double(number.doubleValue)
        case ("java.lang.Double", let text as String):
            guard let double = Double(text) else { throw unsupported(key, "a Double that is not a number") }
            return .double(double)
        case ("java.lang.Boolean", let number as NSNumber) where isBoolean(number): return .boolean(number.boolValue)
        default: throw unsupported(key, "a value of class \(type)")
        }
    }

    /// JSONSerialization gives `true`/`false` as a boolean NSNumber (Objective-C type `c`).
    private static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    /// Whether JSONSerialization read the number with a fraction or exponent (type `d` or `f`).
    private static func isFloatingPoint(_ number: NSNumber) -> Bool {
        ["d", "f"].contains(String(cString: number.objCType))
    }

    private static func unsupported(_ key: String, _ what: String) -> ExecutionContextSerializationError {
        ExecutionContextSerializationError(
            code: .unsupportedContent,
            message: "context key \"\(key)\" holds \(what); Batchwire reads String, Long, Integer, Double and Boolean values"
        )
    }
}
