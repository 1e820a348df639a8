/// Reads the Java Object Serialization Stream Protocol as Spring's default `ExecutionContext` serializer
/// produces it: a `java.util.HashMap` whose keys are `String`s and whose values are any serializable
/// objects.
///
/// `String`, `Long`, `Integer`, `Double` and `Boolean` values become the scalar cases of
/// ``ExecutionContext/Value``; every other value is read structurally into a ``JavaObject`` (whatever its
/// class), which Batchwire interprets where it knows the class and writes back unchanged. Only streams
/// that are not valid serialization, or that use the protocol's rare parts (proxy classes, class
/// annotations, externalizable data in the old protocol version, exceptions, resets), fail.
struct JavaObjectReader {
    private enum Handle {
        case descriptor(JavaClassDescriptor?)
        case string(String)
        case object(JavaStreamNode?, value: Int)
    }

    private let bytes: [UInt8]
    private var position = 0
    private var handles: [Handle] = []
    /// The index of the context entry being read; back-references within one entry stay references.
    private var valueIndex = -1
    /// Nesting depth, bounded so that a hostile stream cannot exhaust the stack.
    private var depth = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Reads the stream header and the single top-level `HashMap`.
    mutating func readContextMap() throws(ExecutionContextSerializationError) -> [(String, ExecutionContext.Value)] {
        guard try readUInt16() == JavaSerialization.magic, try readUInt16() == JavaSerialization.version else {
            throw malformed("the data does not start with the Java serialization header AC ED 00 05")
        }
        guard try readByte() == JavaSerialization.tcObject, let descriptor = try readClassDescriptor(),
            descriptor.name == "java.util.HashMap"
        else {
            throw unsupported("the top-level object is not a java.util.HashMap")
        }
        handles.append(.object(nil, value: -1))
        _ = try readFields(of: descriptor.levels[0])
        let entries = try readHashMapEntries()
        guard position == bytes.count else {
            throw malformed("there are \(bytes.count - position) unexpected bytes after the map")
        }
        return entries
    }

    private mutating func readHashMapEntries() throws(ExecutionContextSerializationError) -> [(
        String, ExecutionContext.Value
    )] {
        // Custom data of HashMap.writeObject: a block holding buckets and size, then size key/value pairs.
        var block: [UInt8] = []
        while block.count < 8 {
            guard let chunk = try readBlockIfPresent() else {
                throw malformed("the HashMap has no bucket count and size")
            }
            block += chunk
        }
        guard block.count == 8 else { throw unsupported("the HashMap block data is longer than expected") }
        let size = Int(Int32(bitPattern: JavaSerialization.uint32(block, at: 4)))
        guard size >= 0 else { throw malformed("the HashMap size is negative") }
        var entries: [(String, ExecutionContext.Value)] = []
        for index in 0..<min(size, bytes.count) {
            valueIndex = index
            guard case .string(let key) = try readNode() else {
                throw unsupported("a map key is not a String")
            }
            let node = try readNode()
            guard let value = ExecutionContext.Value(node: node) else {
                throw unsupported("the value of '\(key)' is null")
            }
            entries.append((key, value))
        }
        guard try readByte() == JavaSerialization.tcEndBlockData else {
            throw malformed("the HashMap data does not end where expected")
        }
        return entries
    }

    // MARK: Elements

    private mutating func readNode() throws(ExecutionContextSerializationError) -> JavaStreamNode {
        depth += 1
        defer { depth -= 1 }
        guard depth < 200 else { throw unsupported("objects are nested more than 200 deep") }
        let tag = try readByte()
        switch tag {
        case JavaSerialization.tcNull:
            return .null
        case JavaSerialization.tcReference:
            return try resolveReference()
        case JavaSerialization.tcString:
            return try readString(length: Int(try readUInt16()))
        case JavaSerialization.tcLongString:
            let length = try readInt64()
            guard length >= 0, length <= Int64(bytes.count - position) else { throw malformed("a string is cut off") }
            return try readString(length: Int(length))
        case JavaSerialization.tcObject:
            return try readOrdinaryObject()
        case JavaSerialization.tcArray:
            return try readArray()
        case JavaSerialization.tcEnum:
            guard let descriptor = try readClassDescriptor() else { throw malformed("an enum constant has no class") }
            let handle = newObjectHandle()
            guard case .string(let name) = try readNode() else { throw malformed("an enum constant has no name") }
            return finish(.enumConstant(id: handle, descriptor, name), handle: handle)
        case JavaSerialization.tcClass:
            guard let descriptor = try readClassDescriptor() else { throw malformed("a class object has no class") }
            let handle = newObjectHandle()
            return finish(.classObject(id: handle, descriptor), handle: handle)
        default:
            throw unsupported(String(format: "stream element 0x%02X is not supported", tag))
        }
    }

    private mutating func resolveReference() throws(ExecutionContextSerializationError) -> JavaStreamNode {
        let handle = Int(try readInt32() - JavaSerialization.baseHandle)
        guard handles.indices.contains(handle) else { throw malformed("a back-reference points nowhere") }
        switch handles[handle] {
        case .string(let string):
            return .string(string)
        case .object(let node, let value):
            if value == valueIndex { return .reference(handle) }
            guard let node else { throw unsupported("a value refers to the context map itself") }
            return detached(node)
        case .descriptor:
            throw malformed("a back-reference to a class descriptor stands where an object was expected")
        }
    }

    /// `node`, read for another context entry, with the references to objects outside it replaced by
    /// copies of those objects.
    private func detached(_ node: JavaStreamNode, depth: Int = 0) -> JavaStreamNode {
        let inside = node.objectIDs
        return node.replacingReferences { id in
            guard !inside.contains(id), depth < 16, handles.indices.contains(id),
                case .object(let target?, _) = handles[id]
            else { return nil }
            return detached(target, depth: depth + 1)
        }
    }

    private mutating func readString(length: Int) throws(ExecutionContextSerializationError) -> JavaStreamNode {
        guard position + length <= bytes.count else { throw malformed("a string is cut off") }
        guard let string = JavaSerialization.decodeModifiedUTF8(bytes[position..<(position + length)]) else {
            throw malformed("a string is not valid modified UTF-8")
        }
        position += length
        handles.append(.string(string))
        return .string(string)
    }

    private mutating func newObjectHandle() -> Int {
        handles.append(.object(nil, value: valueIndex))
        return handles.count - 1
    }

    /// Records a completed object for back-references from later context entries. Within its own entry
    /// a back-reference stays a ``JavaStreamNode/reference(_:)``; another entry gets a copy in which
    /// those references are resolved.
    private mutating func finish(_ node: JavaStreamNode, handle: Int) -> JavaStreamNode {
        handles[handle] = .object(node, value: valueIndex)
        return node
    }

    private mutating func readOrdinaryObject() throws(ExecutionContextSerializationError) -> JavaStreamNode {
        guard let descriptor = try readClassDescriptor() else { throw malformed("an object has no class") }
        let handle = newObjectHandle()
        var data: [JavaStreamNode.ClassData] = []
        for level in descriptor.levels.reversed() {
            let flags = level.flags
            if flags & JavaSerialization.scExternalizable != 0 {
                guard flags & JavaSerialization.scBlockData != 0 else {
                    throw unsupported("class \(level.name) was written in the old externalizable protocol")
                }
                data.append(.init(fields: [], annotation: try readAnnotation()))
            } else {
                let fields = try readFields(of: level)
                let annotation = flags & JavaSerialization.scWriteMethod != 0 ? try readAnnotation() : nil
                data.append(.init(fields: fields, annotation: annotation))
            }
        }
        return finish(.object(id: handle, descriptor, data), handle: handle)
    }

    private mutating func readFields(of level: JavaClassDescriptor.Level) throws(ExecutionContextSerializationError)
        -> [JavaStreamNode]
    {
        var values: [JavaStreamNode] = []
        for field in level.fields {
            if field.isObject {
                values.append(try readNode())
            } else {
                values.append(.primitive(type: field.type, bits: try readPrimitive(field.type)))
            }
        }
        return values
    }

    /// Custom data up to `TC_ENDBLOCKDATA`: byte blocks and objects.
    private mutating func readAnnotation() throws(ExecutionContextSerializationError) -> [JavaStreamNode.Annotation] {
        var contents: [JavaStreamNode.Annotation] = []
        while true {
            guard position < bytes.count else { throw malformed("custom object data is cut off") }
            if bytes[position] == JavaSerialization.tcEndBlockData {
                position += 1
                return contents
            }
            if let block = try readBlockIfPresent() {
                contents.append(.block(block))
            } else {
                contents.append(.object(try readNode()))
            }
        }
    }

    private mutating func readBlockIfPresent() throws(ExecutionContextSerializationError) -> [UInt8]? {
        guard position < bytes.count else { throw malformed("the data ends too early") }
        let length: Int
        switch bytes[position] {
        case JavaSerialization.tcBlockData:
            position += 1
            length = Int(try readByte())
        case JavaSerialization.tcBlockDataLong:
            position += 1
            length = Int(try readInt32())
        default:
            return nil
        }
        guard length >= 0, position + length <= bytes.count else { throw malformed("a data block is cut off") }
        defer { position += length }
        return Array(bytes[position..<(position + length)])
    }

    private mutating func readArray() throws(ExecutionContextSerializationError) -> JavaStreamNode {
        guard let descriptor = try readClassDescriptor() else { throw malformed("an array has no class") }
        let handle = newObjectHandle()
        let count = Int(try readInt32())
        let name = Array(descriptor.name.utf8)
        guard count >= 0, name.count >= 2, name[0] == UInt8(ascii: "[") else { throw malformed("an array is invalid") }
        if let width = JavaStreamNode.width(of: name[1]) {
            guard count <= (bytes.count - position) / width else { throw malformed("an array is cut off") }
            let raw = Array(bytes[position..<(position + count * width)])
            position += count * width
            return finish(.primitiveArray(id: handle, descriptor, raw), handle: handle)
        }
        guard count <= bytes.count - position else { throw malformed("an array is cut off") }
        var elements: [JavaStreamNode] = []
        for _ in 0..<count {
            elements.append(try readNode())
        }
        return finish(.array(id: handle, descriptor, elements), handle: handle)
    }

    // MARK: Class descriptors

    private mutating func readClassDescriptor() throws(ExecutionContextSerializationError) -> JavaClassDescriptor? {
        let tag = try readByte()
        switch tag {
        case JavaSerialization.tcNull:
            return nil
        case JavaSerialization.tcReference:
            let handle = Int(try readInt32() - JavaSerialization.baseHandle)
            guard handles.indices.contains(handle), case .descriptor(let descriptor?) = handles[handle] else {
                throw malformed("a class descriptor reference points nowhere")
            }
            return descriptor
        case JavaSerialization.tcClassDesc:
            return try readClassDescriptorBody()
        case JavaSerialization.tcProxyClassDesc:
            throw unsupported("a value is a dynamic proxy")
        default:
            throw malformed("a class descriptor was expected")
        }
    }

    private mutating func readClassDescriptorBody() throws(ExecutionContextSerializationError) -> JavaClassDescriptor {
        let name = try readUTF()
        let serialVersionUID = try readInt64()
        let handle = handles.count
        handles.append(.descriptor(nil))
        let flags = try readByte()
        let fieldCount = Int(try readUInt16())
        var fields: [JavaClassDescriptor.Field] = []
        for _ in 0..<fieldCount {
            let type = try readByte()
            let fieldName = try readUTF()
            var signature: String?
            if type == UInt8(ascii: "L") || type == UInt8(ascii: "[") {
                guard case .string(let text) = try readNode() else { throw malformed("a field has no type") }
                signature = text
            } else if JavaStreamNode.width(of: type) == nil {
                throw malformed("field \(fieldName) of class \(name) has an unknown type code")
            }
            fields.append(.init(type: type, name: fieldName, signature: signature))
        }
        guard try readByte() == JavaSerialization.tcEndBlockData else {
            throw unsupported("class \(name) carries class annotations")
        }
        let level = JavaClassDescriptor.Level(
            name: name, serialVersionUID: serialVersionUID, flags: flags, fields: fields)
        let superclass = try readClassDescriptor()
        let descriptor = JavaClassDescriptor(levels: [level] + (superclass?.levels ?? []))
        handles[handle] = .descriptor(descriptor)
        return descriptor
    }

    // MARK: Primitives

    private mutating func readPrimitive(_ type: UInt8) throws(ExecutionContextSerializationError) -> UInt64 {
        switch JavaStreamNode.width(of: type) {
        case 1: return UInt64(try readByte())
        case 2: return UInt64(try readUInt16())
        case 4: return UInt64(UInt32(bitPattern: try readInt32()))
        case 8: return UInt64(bitPattern: try readInt64())
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
            message: "the context holds something Batchwire cannot read: \(detail); keep such values out of the "
                + "context, or leave the row to Spring")
    }
}
