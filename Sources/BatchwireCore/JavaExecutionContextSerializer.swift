import Foundation

/// Spring Batch 5's default `DefaultExecutionContextSerializer`: Base64 (standard alphabet, padded, no
/// line breaks) of the Java serialization of a `java.util.HashMap`.
public struct JavaExecutionContextSerializer: ExecutionContextSerializer, Hashable {
    /// Which values a Java writer would have written as one shared object (a back-reference).
    ///
    /// `ObjectOutputStream` writes a back-reference when the *same object* appears twice. In a Java
    /// application values are usually autoboxed, and autoboxing returns cached objects for `Long` and
    /// `Integer` in -128…127 and for `Boolean`, so equal small numbers and booleans share one object. A
    /// context that was itself deserialized holds distinct objects instead.
    public enum ObjectSharing: String, Sendable, Hashable {
        /// As a Java application that autoboxed its values (the default).
        case javaBoxCaches
        /// Every value written as its own object.
        case none

        func isShared(_ value: ExecutionContext.Value) -> Bool {
            guard self == .javaBoxCaches else { return false }
            switch value {
            case .long(let long): return (-128...127).contains(long)
            case .integer(let integer): return (-128...127).contains(integer)
            case .boolean: return true
            case .string, .double, .java: return false
            }
        }
    }

    /// The sharing policy for equal values.
    public var sharing: ObjectSharing

    /// A serializer.
    ///
    /// - Parameter sharing: see ``ObjectSharing`` (default `.javaBoxCaches`).
    public init(sharing: ObjectSharing = .javaBoxCaches) {
        self.sharing = sharing
    }

    /// The raw Java serialization stream (before Base64).
    public func serializedBytes(_ context: ExecutionContext) -> [UInt8] {
        var writer = JavaObjectWriter(sharing: sharing)
        writer.writeHashMap(context)
        return writer.bytes
    }

    /// Reads a raw Java serialization stream of a `HashMap`.
    ///
    /// - Throws: ``ExecutionContextSerializationError``.
    public func deserialize(bytes: [UInt8]) throws(ExecutionContextSerializationError) -> ExecutionContext {
        var reader = JavaObjectReader(bytes: bytes)
        return ExecutionContext(try reader.readContextMap())
    }

    public func serialize(_ context: ExecutionContext) -> String {
        Data(serializedBytes(context)).base64EncodedString()
    }

    public func deserialize(_ serialized: String) throws(ExecutionContextSerializationError) -> ExecutionContext {
        guard let data = Data(base64Encoded: serialized) else {
            throw ExecutionContextSerializationError(
                code: .invalidEncoding,
                message: "the context is not Base64; it may have been written by another serializer (JSON?)")
        }
        return try deserialize(bytes: Array(data))
    }
}
