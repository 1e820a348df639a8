/// Writes the subset of the Java Object Serialization Stream Protocol that an ``ExecutionContext``
/// needs, byte for byte as `ObjectOutputStream` does (handles, back-references, block data).
struct JavaObjectWriter {
    private(set) var bytes: [UInt8] = []
    private var nextHandle = JavaSerialization.baseHandle
    private var classHandles: [String: Int32] = [:]
    /// The handles of the objects of the ``JavaObject`` being written, by their ids.
    private var objectHandles: [Int: Int32] = [:]
    private var boxedHandles: [ExecutionContext.Value: Int32] = [:]
    private let sharing: JavaExecutionContextSerializer.ObjectSharing

    init(sharing: JavaExecutionContextSerializer.ObjectSharing) {
        self.sharing = sharing
        write(JavaSerialization.magic)
        write(JavaSerialization.version)
    }

    /// Writes `java.util.HashMap` holding `context`, as `new HashMap<>()` plus one `put` per entry.
    mutating func writeHashMap(_ context: ExecutionContext) {
        let entries = Array(context)
        let layout = JavaHashMapLayout(keys: entries.map(\.0))
        bytes.append(JavaSerialization.tcObject)
        writeClassDescriptor(.hashMap)
        assignHandle()
        // defaultWriteObject: loadFactor (float), threshold (int).
        write(Float(0.75).bitPattern)
        write(UInt32(bitPattern: layout.threshold))
        // Block data: bucket count and size.
        bytes.append(JavaSerialization.tcBlockData)
        bytes.append(8)
        write(UInt32(bitPattern: layout.capacity))
        write(UInt32(entries.count))
        for index in layout.orderedIndices {
            writeString(entries[index].0)
            writeValue(entries[index].1)
        }
        bytes.append(JavaSerialization.tcEndBlockData)
    }

    /// Writes one context value.
    mutating func writeValue(_ value: ExecutionContext.Value) {
        if case .string(let string) = value {
            writeString(string)
            return
        }
        if case .java(let object) = value {
            objectHandles = [:]
            writeNode(object.node)
            return
        }
        if let handle = boxedHandles[value] {
            writeReference(handle)
            return
        }
        bytes.append(JavaSerialization.tcObject)
        let handle: Int32
        switch value {
        case .string, .java:
            preconditionFailure("handled above")
        case .long(let long):
            writeClassDescriptor(.long)
            handle = assignHandle()
            write(UInt64(bitPattern: long))
        case .integer(let integer):
            writeClassDescriptor(.integer)
            handle = assignHandle()
            write(UInt32(bitPattern: integer))
        case .double(let double):
            writeClassDescriptor(.double)
            handle = assignHandle()
            write(double.bitPattern)
        case .boolean(let boolean):
            writeClassDescriptor(.boolean)
            handle = assignHandle()
            bytes.append(boolean ? 1 : 0)
        }
        if sharing.isShared(value) {
            boxedHandles[value] = handle
        }
    }

    private mutating func writeString(_ string: String) {
        let encoded = JavaSerialization.modifiedUTF8(string)
        assignHandle()
        if encoded.count <= 0xFFFF {
            bytes.append(JavaSerialization.tcString)
            write(UInt16(encoded.count))
        } else {
            bytes.append(JavaSerialization.tcLongString)
            write(UInt64(encoded.count))
        }
        bytes.append(contentsOf: encoded)
    }

    private mutating func writeClassDescriptor(_ key: JavaSerialization.Key) {
        if let handle = classHandles[key.descriptor.name] {
            writeReference(handle)
            return
        }
        let descriptor = key.descriptor
        bytes.append(JavaSerialization.tcClassDesc)
        writeUTF(descriptor.name)
        write(UInt64(bitPattern: descriptor.serialVersionUID))
        classHandles[descriptor.name] = assignHandle()
        bytes.append(descriptor.flags)
        write(UInt16(descriptor.fields.count))
        for field in descriptor.fields {
            bytes.append(field.type)
            writeUTF(field.name)
        }
        bytes.append(JavaSerialization.tcEndBlockData)
        if let superclass = descriptor.superclass {
            writeClassDescriptor(superclass)
        } else {
            bytes.append(JavaSerialization.tcNull)
        }
    }

    private mutating func writeReference(_ handle: Int32) {
        bytes.append(JavaSerialization.tcReference)
        write(UInt32(bitPattern: handle))
    }

    @discardableResult
    private mutating func assignHandle() -> Int32 {
        defer { nextHandle += 1 }
        return nextHandle
    }

    private mutating func writeUTF(_ string: String) {
        let encoded = JavaSerialization.modifiedUTF8(string)
        write(UInt16(encoded.count))
        bytes.append(contentsOf: encoded)
    }

    private mutating func write<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    // MARK: Objects read from a stream

    /// Writes a node as ``JavaObjectReader`` read it; class descriptors are shared by name with the rest
    /// of the stream, as `ObjectOutputStream` shares them by class.
    private mutating func writeNode(_ node: JavaStreamNode) {
        switch node {
        case .null:
            bytes.append(JavaSerialization.tcNull)
        case .string(let string):
            writeString(string)
        case .reference(let id):
            if let handle = objectHandles[id] {
                writeReference(handle)
            } else {
                // Only a nested value's identity bytes can lack the object (it lies outside the value).
                bytes.append(JavaSerialization.tcNull)
            }
        case .primitive(let type, let bits):
            writePrimitive(type, bits)
        case .object(let id, let descriptor, let data):
            bytes.append(JavaSerialization.tcObject)
            writeClassDescriptor(descriptor, level: 0)
            objectHandles[id] = assignHandle()
            for (level, levelData) in zip(descriptor.levels.reversed(), data) {
                for field in levelData.fields { writeNode(field) }
                if level.flags & (JavaSerialization.scWriteMethod | JavaSerialization.scExternalizable) != 0 {
                    for item in levelData.annotation ?? [] {
                        switch item {
                        case .block(let block): writeBlock(block)
                        case .object(let child): writeNode(child)
                        }
                    }
                    bytes.append(JavaSerialization.tcEndBlockData)
                }
            }
        case .array(let id, let descriptor, let elements):
            bytes.append(JavaSerialization.tcArray)
            writeClassDescriptor(descriptor, level: 0)
            objectHandles[id] = assignHandle()
            write(UInt32(elements.count))
            for element in elements { writeNode(element) }
        case .primitiveArray(let id, let descriptor, let raw):
            bytes.append(JavaSerialization.tcArray)
            writeClassDescriptor(descriptor, level: 0)
            objectHandles[id] = assignHandle()
            let width = descriptor.name.utf8.dropFirst().first.flatMap(JavaStreamNode.width(of:)) ?? 1
            write(UInt32(raw.count / width))
            bytes.append(contentsOf: raw)
        case .enumConstant(let id, let descriptor, let name):
            bytes.append(JavaSerialization.tcEnum)
            writeClassDescriptor(descriptor, level: 0)
            objectHandles[id] = assignHandle()
            writeString(name)
        case .classObject(let id, let descriptor):
            bytes.append(JavaSerialization.tcClass)
            writeClassDescriptor(descriptor, level: 0)
            objectHandles[id] = assignHandle()
        }
    }

    private mutating func writeClassDescriptor(_ descriptor: JavaClassDescriptor, level index: Int) {
        guard descriptor.levels.indices.contains(index) else {
            bytes.append(JavaSerialization.tcNull)
            return
        }
        let level = descriptor.levels[index]
        if let handle = classHandles[level.name] {
            writeReference(handle)
            return
        }
        bytes.append(JavaSerialization.tcClassDesc)
        writeUTF(level.name)
        write(UInt64(bitPattern: level.serialVersionUID))
        classHandles[level.name] = assignHandle()
        bytes.append(level.flags)
        write(UInt16(level.fields.count))
        for field in level.fields {
            bytes.append(field.type)
            writeUTF(field.name)
            if let signature = field.signature { writeString(signature) }
        }
        bytes.append(JavaSerialization.tcEndBlockData)
        writeClassDescriptor(descriptor, level: index + 1)
    }

    /// Block data as `ObjectOutputStream` frames it: short blocks up to 255 bytes, long ones beyond.
    private mutating func writeBlock(_ block: [UInt8]) {
        if block.count <= 0xFF {
            bytes.append(JavaSerialization.tcBlockData)
            bytes.append(UInt8(block.count))
        } else {
            bytes.append(JavaSerialization.tcBlockDataLong)
            write(UInt32(block.count))
        }
        bytes.append(contentsOf: block)
    }

    private mutating func writePrimitive(_ type: UInt8, _ bits: UInt64) {
        switch JavaStreamNode.width(of: type) {
        case 1: bytes.append(UInt8(truncatingIfNeeded: bits))
        case 2: write(UInt16(truncatingIfNeeded: bits))
        case 4: write(UInt32(truncatingIfNeeded: bits))
        default: write(bits)
        }
    }
}
