/// Constants of the Java Object Serialization Stream Protocol (`java.io.ObjectStreamConstants`) and the
/// class descriptors of the few classes an ``ExecutionContext`` serializes.
enum JavaSerialization {
    static let magic: UInt16 = 0xACED
    static let version: UInt16 = 5
    static let baseHandle: Int32 = 0x7E_0000

    static let tcNull: UInt8 = 0x70
    static let tcReference: UInt8 = 0x71
    static let tcClassDesc: UInt8 = 0x72
    static let tcObject: UInt8 = 0x73
    static let tcString: UInt8 = 0x74
    static let tcArray: UInt8 = 0x75
    static let tcClass: UInt8 = 0x76
    static let tcBlockData: UInt8 = 0x77
    static let tcEndBlockData: UInt8 = 0x78
    static let tcReset: UInt8 = 0x79
    static let tcBlockDataLong: UInt8 = 0x7A
    static let tcException: UInt8 = 0x7B
    static let tcLongString: UInt8 = 0x7C
    static let tcProxyClassDesc: UInt8 = 0x7D
    static let tcEnum: UInt8 = 0x7E

    static let scWriteMethod: UInt8 = 0x01
    static let scSerializable: UInt8 = 0x02
    static let scExternalizable: UInt8 = 0x04
    static let scBlockData: UInt8 = 0x08
    static let scEnum: UInt8 = 0x10

    /// The big-endian 32-bit word at `offset` of `bytes` (which must hold it).
    static func uint32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8
            | UInt32(bytes[offset + 3])
    }

    /// The big-endian 64-bit word at `offset` of `bytes` (which must hold it).
    static func uint64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        UInt64(uint32(bytes, at: offset)) << 32 | UInt64(uint32(bytes, at: offset + 4))
    }

    /// A class descriptor as written in the stream: only primitive fields are needed here.
    struct ClassDescriptor: Equatable {
        let name: String
        let serialVersionUID: Int64
        let flags: UInt8
        /// Fields in stream order (primitives sorted by name): type code and name.
        let fields: [(type: UInt8, name: String)]
        let superclass: Key?

        static func == (lhs: ClassDescriptor, rhs: ClassDescriptor) -> Bool {
            lhs.name == rhs.name && lhs.serialVersionUID == rhs.serialVersionUID
        }
    }

    /// The classes Batchwire writes.
    enum Key: Hashable {
        case hashMap, number, long, integer, double, boolean

        var descriptor: ClassDescriptor {
            switch self {
            case .hashMap:
                ClassDescriptor(
                    name: "java.util.HashMap", serialVersionUID: 362_498_820_763_181_265,
                    flags: scWriteMethod | scSerializable,
                    fields: [(UInt8(ascii: "F"), "loadFactor"), (UInt8(ascii: "I"), "threshold")], superclass: nil)
            case .number:
                ClassDescriptor(
                    name: "java.lang.Number", serialVersionUID: -8_742_448_824_652_078_965, flags: scSerializable,
                    fields: [], superclass: nil)
            case .long:
                ClassDescriptor(
                    name: "java.lang.Long", serialVersionUID: 4_290_774_380_558_885_855, flags: scSerializable,
                    fields: [(UInt8(ascii: "J"), "value")], superclass: .number)
            case .integer:
                ClassDescriptor(
                    name: "java.lang.Integer", serialVersionUID: 1_360_826_667_806_852_920, flags: scSerializable,
                    fields: [(UInt8(ascii: "I"), "value")], superclass: .number)
            case .double:
                ClassDescriptor(
                    name: "java.lang.Double", serialVersionUID: -9_172_774_392_245_257_468, flags: scSerializable,
                    fields: [(UInt8(ascii: "D"), "value")], superclass: .number)
            case .boolean:
                ClassDescriptor(
                    name: "java.lang.Boolean", serialVersionUID: -3_665_804_199_014_368_530, flags: scSerializable,
                    fields: [(UInt8(ascii: "Z"), "value")], superclass: nil)
            }
        }
    }

    /// Java's "modified UTF-8" (`DataOutput.writeUTF`): UTF-16 units, NUL as two bytes, surrogates
    /// encoded one by one in three bytes each.
    static func modifiedUTF8(_ string: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(string.utf16.count)
        for unit in string.utf16 {
            switch unit {
            case 0x0001...0x007F:
                bytes.append(UInt8(unit))
            case 0x0080...0x07FF, 0x0000:
                bytes.append(0xC0 | UInt8(unit >> 6))
                bytes.append(0x80 | UInt8(unit & 0x3F))
            default:
                bytes.append(0xE0 | UInt8(unit >> 12))
                bytes.append(0x80 | UInt8((unit >> 6) & 0x3F))
                bytes.append(0x80 | UInt8(unit & 0x3F))
            }
        }
        return bytes
    }

    /// Decodes modified UTF-8, or `nil` if malformed.
    static func decodeModifiedUTF8(_ bytes: some Collection<UInt8>) -> String? {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count)
        var iterator = bytes.makeIterator()
        while let first = iterator.next() {
            switch first {
            case 0x01...0x7F:
                units.append(UInt16(first))
            case 0xC0...0xDF:
                guard let second = iterator.next(), second & 0xC0 == 0x80 else { return nil }
                units.append(UInt16(first & 0x1F) << 6 | UInt16(second & 0x3F))
            case 0xE0...0xEF:
                guard let second = iterator.next(), second & 0xC0 == 0x80, let third = iterator.next(),
                    third & 0xC0 == 0x80
                else { return nil }
                units.append(UInt16(first & 0x0F) << 12 | UInt16(second & 0x3F) << 6 | UInt16(third & 0x3F))
            default:
                return nil
            }
        }
        return String(decoding: units, as: UTF16.self)
    }
}
