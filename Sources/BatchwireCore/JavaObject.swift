/// A context value of a Java class other than `String`, `Long`, `Integer`, `Double` and `Boolean`, as
/// Spring's default serializer wrote it: a `Date`, a `BigDecimal`, a `LinkedHashMap` (what
/// `JdbcPagingItemReader` keeps as `start.after`), an application's own class, and so on.
///
/// Batchwire keeps the object exactly as it was serialized, so a context it rewrites gives Spring back the
/// same object, and interprets the common JDK classes as a ``Reading``. For any other class ``reading`` is
/// `nil`: the value is carried along but cannot be shown or changed.
public struct JavaObject: Sendable, Hashable, CustomStringConvertible {
    /// The Java class, e.g. `java.util.Date` or `com.example.Cursor`.
    public let className: String
    /// What Batchwire understood of the object, or `nil` if it does not know the class.
    public let reading: Reading?
    /// The object as read, written back unchanged.
    let node: JavaStreamNode
    /// The object alone as a serialization stream, which is also its identity.
    let canonicalBytes: [UInt8]

    init(node: JavaStreamNode) {
        self.node = node
        self.className = node.className ?? "java.lang.Object"
        self.reading = Reading(node: node)
        var writer = JavaObjectWriter(sharing: .none)
        writer.writeValue(.java(JavaObject(node: node, className: className, reading: reading)))
        self.canonicalBytes = writer.bytes
    }

    private init(node: JavaStreamNode, className: String, reading: Reading?) {
        self.node = node
        self.className = className
        self.reading = reading
        self.canonicalBytes = []
    }

    /// Whether Batchwire could interpret the object, deeply: a list holding an unknown class is not readable.
    public var isReadable: Bool {
        reading?.isReadable ?? false
    }

    /// The classes inside this value that Batchwire cannot read (the value's own class if it is one).
    public var unreadableClassNames: [String] {
        guard let reading else { return [className] }
        return reading.unreadableClassNames
    }

    /// Java's `toString()` of the object where Batchwire knows it (a `Date` in UTC), else
    /// `<unreadable class-name>`.
    public var description: String {
        reading?.description ?? "<unreadable \(className)>"
    }

    public static func == (lhs: JavaObject, rhs: JavaObject) -> Bool {
        lhs.canonicalBytes == rhs.canonicalBytes
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(canonicalBytes)
    }
}

extension ExecutionContext.Value {
    /// The context value a deserialized node stands for; `nil` for Java `null`.
    init?(node: JavaStreamNode) {
        switch node {
        case .null:
            return nil
        case .string(let string):
            self = .string(string)
        case .object(_, let descriptor, let data) where descriptor.levels.count <= 2 && data.last?.fields.count == 1:
            guard case .primitive(_, let bits) = data.last!.fields[0] else {
                self = .java(JavaObject(node: node))
                return
            }
            switch descriptor.name {
            case "java.lang.Long": self = .long(Int64(bitPattern: bits))
            case "java.lang.Integer": self = .integer(Int32(truncatingIfNeeded: Int64(bitPattern: bits)))
            case "java.lang.Double": self = .double(Double(bitPattern: bits))
            case "java.lang.Boolean": self = .boolean(bits != 0)
            default: self = .java(JavaObject(node: node))
            }
        default:
            self = .java(JavaObject(node: node))
        }
    }
}
