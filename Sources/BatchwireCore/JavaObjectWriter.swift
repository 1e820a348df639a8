/// Writes the subset of the Java Object Serialization Stream Protocol that an ``ExecutionContext``
/// needs, byte for byte as `ObjectOutputStream` does (handles, back-references, block data).
struct JavaObjectWriter {
    private(set) var bytes: [UInt8] = []
    private var nextHandle = JavaSerialization.baseHandle
    private var classHandles: [JavaSerialization.Key: Int32] = [:]
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

    private mutating func writeValue(_ value: ExecutionContext.Value) {
        if case .string(let string) = value {
            writeString(string)
            return
        }
        if let handle = boxedHandles[value] {
            writeReference(handle)
            return
        }
        bytes.append(JavaSerialization.tcObject)
        let handle: Int32
        switch value {
        case .string:
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
        if let handle = classHandles[key] {
            writeReference(handle)
            return
        }
        let descriptor = key.descriptor
        bytes.append(JavaSerialization.tcClassDesc)
        writeUTF(descriptor.name)
        write(UInt64(bitPattern: descriptor.serialVersionUID))
        classHandles[key] = assignHandle()
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
}
