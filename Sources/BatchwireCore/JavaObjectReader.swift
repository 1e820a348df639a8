/// Reads the subset of the Java Object Serialization Stream Protocol that Spring's default
/// `ExecutionContext` serializer produces: a `java.util.HashMap` whose keys are `String` and whose values
/// are `String`, `Long`, `Integer`, `Double` or `Boolean`, with handles and back-references.
struct JavaObjectReader {
    /// A decoded object.
    enum Object {
        case null
        case string(String)
        case value(ExecutionContext.Value)
        case map([(String, ExecutionContext.Value)])
        case classDescriptor(Descriptor)
    }

    /// A class descriptor read from the stream.
    final class Descriptor {
        let name: String
        let flags: UInt8
        let fields: [(type: UInt8, name: String)]
        var superclass: Descriptor?

        init(name: String, flags: UInt8, fields: [(type: UInt8, name: String)]) {
            self.name = name
            self.flags = flags
            self.fields = fields
        }
    }

    private let bytes: [UInt8]
    private var position = 0
    private var handles: [Object] = []

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Reads the stream header and the single top-level `HashMap`.
    mutating func readContextMap() throws(ExecutionContextSerializationError) -> [(String, ExecutionContext.Value)] {
        guard try readUInt16() == JavaSerialization.magic, try readUInt16() == JavaSerialization.version else {
            throw malformed("the data does not start with the Java serialization header AC ED 00 05")
        }
        guard case .map(let entries) = try readObject() else {
            throw unsupported("the top-level object is not a java.util.HashMap")
        }
        guard position == bytes.count else {
            throw malformed("there are \(bytes.count - position) unexpected bytes after the map")
        }
        return entries
    }

    private mutating func readObject() throws(ExecutionContextSerializationError) -> Object {
        let tag = try readByte()
        switch tag {
        case JavaSerialization.tcNull:
            return .null
        case JavaSerialization.tcReference:
            let handle = Int(try readInt32() - JavaSerialization.baseHandle)
            guard handles.indices.contains(handle) else { throw malformed("a back-reference points nowhere") }
            return handles[handle]
        case JavaSerialization.tcString:
            let length = Int(try readUInt16())
            return try readString(length: length)
        case JavaSerialization.tcLongString:
            let length = try readInt64()
            guard length >= 0, length <= Int64(bytes.count - position) else { throw malformed("a string is cut off") }
            return try readString(length: Int(length))
        case JavaSerialization.tcClassDesc:
            return .classDescriptor(try readClassDescriptorBody())
        case JavaSerialization.tcObject:
            return try readOrdinaryObject()
        default:
            throw unsupported(String(format: "stream element 0x%02X is not supported", tag))
        }
    }

    private mutating func readString(length: Int) throws(ExecutionContextSerializationError) -> Object {
        guard position + length <= bytes.count else { throw malformed("a string is cut off") }
        guard let string = JavaSerialization.decodeModifiedUTF8(bytes[position..<(position + length)]) else {
            throw malformed("a string is not valid modified UTF-8")
        }
        position += length
        let object = Object.string(string)
        handles.append(object)
        return object
    }

    private mutating func readClassDescriptor() throws(ExecutionContextSerializationError) -> Descriptor? {
        switch try readObject() {
        case .null: return nil
        case .classDescriptor(let descriptor): return descriptor
        default: throw malformed("a class descriptor was expected")
        }
    }

    private mutating func readClassDescriptorBody() throws(ExecutionContextSerializationError) -> Descriptor {
        let name = try readUTF()
        _ = try readInt64()  // serialVersionUID: the class is identified by name.
        let handleIndex = handles.count
        handles.append(.null)
        let flags = try readByte()
        let fieldCount = Int(try readUInt16())
        var fields: [(type: UInt8, name: String)] = []
        for _ in 0..<fieldCount {
            let type = try readByte()
            let fieldName = try readUTF()
            if type == UInt8(ascii: "L") || type == UInt8(ascii: "[") {
                throw unsupported("class \(name) has object fields")
            }
            fields.append((type, fieldName))
        }
        let descriptor = Descriptor(name: name, flags: flags, fields: fields)
        handles[handleIndex] = .classDescriptor(descriptor)
        guard try readByte() == JavaSerialization.tcEndBlockData else {
            throw unsupported("class \(name) carries class annotations")
        }
        descriptor.superclass = try readClassDescriptor()
        return descriptor
    }

    private mutating func readOrdinaryObject() throws(ExecutionContextSerializationError) -> Object {
        guard let descriptor = try readClassDescriptor() else { throw malformed("an object has no class") }
        let handleIndex = handles.count
        handles.append(.null)
        var hierarchy: [Descriptor] = []
        var current: Descriptor? = descriptor
        while let each = current {
            hierarchy.insert(each, at: 0)
            current = each.superclass
        }
        var primitives: [String: UInt64] = [:]
        for each in hierarchy {
            for field in each.fields {
                primitives[each.name + "." + field.name] = try readPrimitive(field.type)
            }
        }
        let object: Object
        switch descriptor.name {
        case "java.util.HashMap":
            handles[handleIndex] = .map([])
            object = .map(try readHashMapData())
        case "java.lang.Long":
            object = .value(.long(Int64(bitPattern: primitives["java.lang.Long.value"] ?? 0)))
        case "java.lang.Integer":
            object = .value(
                .integer(Int32(truncatingIfNeeded: Int64(bitPattern: primitives["java.lang.Integer.value"] ?? 0))))
        case "java.lang.Double":
            object = .value(.double(Double(bitPattern: primitives["java.lang.Double.value"] ?? 0)))
        case "java.lang.Boolean":
            object = .value(.boolean((primitives["java.lang.Boolean.value"] ?? 0) != 0))
        default:
            throw unsupported(
                "values of class \(descriptor.name) are not supported; only String, Long, Integer, Double and "
                    + "Boolean are")
        }
        handles[handleIndex] = object
        return object
    }

    private mutating func readHashMapData() throws(ExecutionContextSerializationError) -> [(
        String, ExecutionContext.Value
    )] {
        // Custom data of HashMap.writeObject: a block holding buckets and size, then size key/value pairs.
        var block: [UInt8] = []
        while block.count < 8 {
            let tag = try readByte()
            let length: Int
            if tag == JavaSerialization.tcBlockData {
                length = Int(try readByte())
            } else if tag == JavaSerialization.tcBlockDataLong {
                length = Int(try readInt32())
            } else {
                throw malformed("the HashMap has no bucket count and size")
            }
            guard length >= 0, position + length <= bytes.count else { throw malformed("a data block is cut off") }
            block += bytes[position..<(position + length)]
            position += length
        }
        guard block.count == 8 else { throw unsupported("the HashMap block data is longer than expected") }
        let size = Int(
            Int32(
                bitPattern: UInt32(block[4]) << 24 | UInt32(block[5]) << 16 | UInt32(block[6]) << 8 | UInt32(block[7])))
        guard size >= 0 else { throw malformed("the HashMap size is negative") }
        var entries: [(String, ExecutionContext.Value)] = []
        for _ in 0..<size {
            guard case .string(let key) = try readObject() else {
                throw unsupported("a map key is not a String")
            }
            let value: ExecutionContext.Value
            switch try readObject() {
            case .string(let string): value = .string(string)
            case .value(let boxed): value = boxed
            case .null: throw unsupported("the value of '\(key)' is null")
            default: throw unsupported("the value of '\(key)' is not a String, Long, Integer, Double or Boolean")
            }
            entries.append((key, value))
        }
        guard try readByte() == JavaSerialization.tcEndBlockData else {
            throw malformed("the HashMap data does not end where expected")
        }
        return entries
    }

    private mutating func readPrimitive(_ type: UInt8) throws(ExecutionContextSerializationError) -> UInt64 {
        switch type {
        case UInt8(ascii: "B"), UInt8(ascii: "Z"): return UInt64(try readByte())
        case UInt8(ascii: "C"), UInt8(ascii: "S"): return UInt64(try readUInt16())
        case UInt8(ascii: "I"), UInt8(ascii: "F"): return UInt64(UInt32(bitPattern: try readInt32()))
        case UInt8(ascii: "J"), UInt8(ascii: "D"): return UInt64(bitPattern: try readInt64())
        default: throw unsupported("field type code \(type) is not supported")
        }
    }

    private mutating func readUTF() throws(ExecutionContextSerializationError) -> String {
        let length = Int(try readUInt16())
        guard position + length <= bytes.count,
            let string = JavaSerialization.decodeModifiedUTF8(bytes[position..<(position + length)])
        else { throw malformed("a name is cut off or not valid modified UTF-8") }
        position += length
        return string
    }

    private mutating func readByte() throws(ExecutionContextSerializationError) -> UInt8 {
        guard position < bytes.count else { throw malformed("the data ends too early") }
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func readUInt16() throws(ExecutionContextSerializationError) -> UInt16 {
        UInt16(try readByte()) << 8 | UInt16(try readByte())
    }

    private mutating func readInt32() throws(ExecutionContextSerializationError) -> Int32 {
        Int32(bitPattern: UInt32(try readUInt16()) << 16 | UInt32(try readUInt16()))
    }

    private mutating func readInt64() throws(ExecutionContextSerializationError) -> Int64 {
        Int64(
            bitPattern: UInt64(UInt32(bitPattern: try readInt32())) << 32 | UInt64(UInt32(bitPattern: try readInt32())))
    }

    private func malformed(_ detail: String) -> ExecutionContextSerializationError {
        ExecutionContextSerializationError(
            code: .malformed, message: "the context is not a valid Java serialization stream: \(detail)")
    }

    private func unsupported(_ detail: String) -> ExecutionContextSerializationError {
        ExecutionContextSerializationError(
            code: .unsupportedContent,
            message: "the context holds something Batchwire cannot read: \(detail); store only String, Long, "
                + "Integer, Double and Boolean values, or keep the row opaque")
    }
}
