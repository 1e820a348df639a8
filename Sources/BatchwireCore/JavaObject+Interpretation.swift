/// How the serialized forms of common JDK classes are understood; see ``JavaObject/Reading``.
extension JavaObject.Reading {
    /// The reading of `node`, or `nil` if Batchwire does not know its class.
    init?(node: JavaStreamNode) {
        var objects: [Int: JavaStreamNode] = [:]
        node.visit { each in
            if let id = each.id { objects[id] = each }
        }
        let view = SerializedView(objects: objects)
        guard let reading = view.reading(node) else { return nil }
        self = reading
    }
}

/// Walks a deserialized object, resolving its internal back-references.
private struct SerializedView {
    let objects: [Int: JavaStreamNode]

    func resolved(_ node: JavaStreamNode) -> JavaStreamNode {
        if case .reference(let id) = node, let target = objects[id] { return target }
        return node
    }

    /// An element as a context value: references resolved, the rest of the tree attached.
    func value(_ node: JavaStreamNode) -> ExecutionContext.Value? {
        let target = resolved(node)
        let attached = target.replacingReferences { id in objects[id].flatMap { $0 == target ? nil : $0 } }
        return ExecutionContext.Value(node: attached)
    }

    func reading(_ node: JavaStreamNode) -> JavaObject.Reading? {
        switch resolved(node) {
        case .enumConstant(_, _, let name):
            return .enumConstant(name)
        case .object(_, let descriptor, let data):
            return reading(descriptor, data)
        default:
            return nil
        }
    }

    private func reading(_ descriptor: JavaClassDescriptor, _ data: [JavaStreamNode.ClassData])
        -> JavaObject.Reading?
    {
        let object = SerializedObject(descriptor: descriptor, data: data)
        switch descriptor.name {
        case "java.util.Date":
            return object.blockBytes(of: "java.util.Date").flatMap(Self.long).map { .date(epochMilliseconds: $0) }
        case "java.sql.Timestamp":
            guard let millis = object.blockBytes(of: "java.util.Date").flatMap(Self.long),
                let nanos = object.primitive("java.sql.Timestamp", "nanos")
            else { return nil }
            return .timestamp(epochMilliseconds: millis, nanos: Int32(truncatingIfNeeded: nanos))
        case "java.time.Ser":
            return object.blockBytes(of: "java.time.Ser").flatMap(JavaTimeSer.reading)
        case "java.math.BigInteger":
            return bigIntegerText(object).map { .bigInteger($0) }
        case "java.math.BigDecimal":
            guard let scale = object.primitive("java.math.BigDecimal", "scale"),
                let unscaledNode = object.field("java.math.BigDecimal", "intVal"),
                case .object(_, let inner, let innerData) = resolved(unscaledNode),
                let unscaled = bigIntegerText(SerializedObject(descriptor: inner, data: innerData))
            else { return nil }
            return .decimal(JavaDecimalText.text(unscaled: unscaled, scale: Int32(truncatingIfNeeded: scale)))
        case "java.lang.Character":
            return object.primitive("java.lang.Character", "value").map { .character(UInt16(truncatingIfNeeded: $0)) }
        case "java.lang.Short":
            return object.primitive("java.lang.Short", "value").map { .short(Int16(truncatingIfNeeded: $0)) }
        case "java.lang.Byte":
            return object.primitive("java.lang.Byte", "value").map { .byte(Int8(truncatingIfNeeded: $0)) }
        case "java.lang.Float":
            return object.primitive("java.lang.Float", "value").map {
                .float(Float(bitPattern: UInt32(truncatingIfNeeded: $0)))
            }
        case "java.util.ArrayList", "java.util.LinkedList":
            return object.annotationObjects(of: descriptor.name).map { .list($0.map(value)) }
        case "java.util.HashSet", "java.util.LinkedHashSet":
            return object.annotationObjects(of: "java.util.HashSet").map { .set($0.map(value)) }
        case "java.util.HashMap", "java.util.LinkedHashMap":
            return object.annotationObjects(of: "java.util.HashMap").flatMap(map)
        case "java.util.TreeMap":
            return object.annotationObjects(of: "java.util.TreeMap").flatMap(map)
        case "java.util.CollSer":
            // List.of, Set.of, Map.of: writeReplace'd to CollSer, whose tag's low byte says which.
            guard let tag = object.primitive("java.util.CollSer", "tag"),
                let elements = object.annotationObjects(of: "java.util.CollSer")
            else { return nil }
            switch tag & 0xFF {
            case 1: return .list(elements.map(value))
            case 2: return .set(elements.map(value))
            case 3: return map(elements)
            default: return nil
            }
        default:
            return nil
        }
    }

    private func map(_ elements: [JavaStreamNode]) -> JavaObject.Reading? {
        guard elements.count % 2 == 0 else { return nil }
        return .map(
            stride(from: 0, to: elements.count, by: 2).map {
                .init(key: value(elements[$0]), value: value(elements[$0 + 1]))
            })
    }

    private func bigIntegerText(_ object: SerializedObject) -> String? {
        guard let signum = object.primitive("java.math.BigInteger", "signum"),
            let magnitudeNode = object.field("java.math.BigInteger", "magnitude"),
            case .primitiveArray(_, _, let magnitude) = resolved(magnitudeNode)
        else { return nil }
        let digits = JavaDecimalText.decimalDigits(bigEndianMagnitude: magnitude)
        return Int32(truncatingIfNeeded: signum) < 0 && digits != "0" ? "-" + digits : digits
    }

    private static func long(_ bytes: [UInt8]) -> Int64? {
        bytes.count == 8 ? Int64(bitPattern: JavaSerialization.uint64(bytes, at: 0)) : nil
    }
}

/// The class data of one object, by class and field name.
private struct SerializedObject {
    let descriptor: JavaClassDescriptor
    let data: [JavaStreamNode.ClassData]

    private func level(_ className: String) -> (JavaClassDescriptor.Level, JavaStreamNode.ClassData)? {
        let levels = Array(descriptor.levels.reversed())
        guard let index = levels.firstIndex(where: { $0.name == className }), data.indices.contains(index) else {
            return nil
        }
        return (levels[index], data[index])
    }

    func field(_ className: String, _ fieldName: String) -> JavaStreamNode? {
        guard let (level, data) = level(className),
            let index = level.fields.firstIndex(where: { $0.name == fieldName }),
            data.fields.indices.contains(index)
        else { return nil }
        return data.fields[index]
    }

    func primitive(_ className: String, _ fieldName: String) -> UInt64? {
        guard case .primitive(_, let bits) = field(className, fieldName) else { return nil }
        return bits
    }

    /// The custom data's raw bytes, blocks joined.
    func blockBytes(of className: String) -> [UInt8]? {
        guard let annotation = level(className)?.1.annotation else { return nil }
        var bytes: [UInt8] = []
        for case .block(let block) in annotation { bytes += block }
        return bytes
    }

    /// The objects of the custom data, in order.
    func annotationObjects(of className: String) -> [JavaStreamNode]? {
        guard let annotation = level(className)?.1.annotation else { return nil }
        return annotation.compactMap { item in
            if case .object(let node) = item { return node }
            return nil
        }
    }
}
