/// A class descriptor as read from a Java serialization stream, flattened: ``levels`` holds the class
/// first, then each serializable superclass.
struct JavaClassDescriptor: Sendable, Hashable {
    /// One class of the hierarchy: what `ObjectStreamClass` writes for it.
    struct Level: Sendable, Hashable {
        let name: String
        let serialVersionUID: Int64
        let flags: UInt8
        let fields: [Field]
    }

    /// A serializable field; object fields (`L`, `[`) carry their JVM type signature.
    struct Field: Sendable, Hashable {
        let type: UInt8
        let name: String
        let signature: String?

        var isObject: Bool { type == UInt8(ascii: "L") || type == UInt8(ascii: "[") }
    }

    /// The class first, then its serializable superclasses.
    let levels: [Level]

    /// The class's name (`java.util.Date`, `[B`).
    var name: String { levels[0].name }
}

/// One element of a Java serialization stream, kept structurally so that it can be written back as it
/// was read (``JavaObjectWriter``) and interpreted where Batchwire knows the class (``JavaObject/Reading``).
///
/// Object nodes carry an `id`, unique within the context value they belong to; a second occurrence of
/// the same Java object within that value is a ``reference(_:)`` to it.
indirect enum JavaStreamNode: Sendable, Hashable {
    case null
    case string(String)
    case reference(Int)
    case object(id: Int, JavaClassDescriptor, [ClassData])
    case array(id: Int, JavaClassDescriptor, [JavaStreamNode])
    case primitiveArray(id: Int, JavaClassDescriptor, [UInt8])
    case enumConstant(id: Int, JavaClassDescriptor, String)
    case classObject(id: Int, JavaClassDescriptor)
    case primitive(type: UInt8, bits: UInt64)

    /// The data one level of an object's hierarchy wrote: its fields in descriptor order and, for a
    /// class with `writeObject` or an externalizable one, what it wrote after them.
    struct ClassData: Sendable, Hashable {
        var fields: [JavaStreamNode]
        var annotation: [Annotation]?
    }

    /// An element of custom data: raw bytes (`writeInt`, `writeLong`, …) or an object.
    enum Annotation: Sendable, Hashable {
        case block([UInt8])
        case object(JavaStreamNode)
    }

    /// The class name of an object, array or enum node.
    var className: String? {
        switch self {
        case .object(_, let descriptor, _), .array(_, let descriptor, _), .primitiveArray(_, let descriptor, _),
            .enumConstant(_, let descriptor, _):
            descriptor.name
        case .classObject: "java.lang.Class"
        case .string: "java.lang.String"
        case .null, .reference, .primitive: nil
        }
    }

    /// The byte width of a primitive type code.
    static func width(of type: UInt8) -> Int? {
        switch type {
        case UInt8(ascii: "B"), UInt8(ascii: "Z"): 1
        case UInt8(ascii: "C"), UInt8(ascii: "S"): 2
        case UInt8(ascii: "I"), UInt8(ascii: "F"): 4
        case UInt8(ascii: "J"), UInt8(ascii: "D"): 8
        default: nil
        }
    }
}

extension JavaStreamNode {
    /// The ids of the object nodes in this tree.
    var objectIDs: Set<Int> {
        var ids: Set<Int> = []
        visit { node in
            if let id = node.id { ids.insert(id) }
        }
        return ids
    }

    /// The node's id, if it is an object, array, enum constant or class object.
    var id: Int? {
        switch self {
        case .object(let id, _, _), .array(let id, _, _), .primitiveArray(let id, _, _), .enumConstant(let id, _, _),
            .classObject(let id, _):
            id
        case .null, .string, .reference, .primitive: nil
        }
    }

    /// Calls `body` for this node and every node below it, depth first.
    func visit(_ body: (JavaStreamNode) -> Void) {
        body(self)
        switch self {
        case .object(_, _, let data):
            for level in data {
                for field in level.fields { field.visit(body) }
                for case .object(let child) in level.annotation ?? [] { child.visit(body) }
            }
        case .array(_, _, let elements):
            for element in elements { element.visit(body) }
        default:
            break
        }
    }

    /// This tree with each reference for which `replacement` returns a node replaced by that node.
    func replacingReferences(_ replacement: (Int) -> JavaStreamNode?) -> JavaStreamNode {
        switch self {
        case .reference(let id):
            return replacement(id) ?? self
        case .object(let id, let descriptor, let data):
            return .object(
                id: id, descriptor,
                data.map { level in
                    JavaStreamNode.ClassData(
                        fields: level.fields.map { $0.replacingReferences(replacement) },
                        annotation: level.annotation?.map { item in
                            if case .object(let child) = item { return .object(child.replacingReferences(replacement)) }
                            return item
                        })
                })
        case .array(let id, let descriptor, let elements):
            return .array(id: id, descriptor, elements.map { $0.replacingReferences(replacement) })
        default:
            return self
        }
    }
}
