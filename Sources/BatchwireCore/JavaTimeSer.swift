/// Reads the external form of `java.time.Ser`, the serialization proxy of the `java.time` classes: a type
/// byte, then the value's fields as `writeExternal` writes them.
enum JavaTimeSer {
    /// The reading of `bytes`, or `nil` for a type Batchwire does not read (`Year`, `MonthDay`, …).
    static func reading(_ bytes: [UInt8]) -> JavaObject.Reading? {
        var input = Input(bytes: bytes)
        return try? input.readTop()
    }

    private struct Truncated: Error {}

    private struct Input {
        let bytes: [UInt8]
        var position = 0

        mutating func readTop() throws -> JavaObject.Reading? {
            let reading: JavaObject.Reading?
            switch try byte() {
            case 1: reading = .duration(seconds: try int64(), nanos: try int32())
            case 2: reading = .instant(epochSeconds: try int64(), nanos: try int32())
            case 3: reading = try date().map { .localDate($0) }
            case 4: reading = try time().map { .localTime($0) }
            case 5: reading = try dateTime().map { .localDateTime($0) }
            case 6:
                guard let dateTime = try dateTime() else { return nil }
                let offset = try offset()
                let zone = try zoneID()
                reading = .zonedDateTime(dateTime, offsetSeconds: offset, zone: zone)
            case 10:
                guard let dateTime = try dateTime() else { return nil }
                reading = .offsetDateTime(dateTime, offsetSeconds: try offset())
            default: return nil
            }
            return position == bytes.count ? reading : nil
        }

        mutating func date() throws -> LocalDate? {
            let year = try int32()
            let month = Int(try byte())
            let day = Int(try byte())
            return LocalDate(year: Int(year), month: month, day: day)
        }

        /// `LocalTime.writeExternal`: trailing zero parts are left out, the last part written complemented.
        mutating func time() throws -> LocalTime? {
            var hour = Int(Int8(bitPattern: try byte()))
            var minute = 0
            var second = 0
            var nano = 0
            if hour < 0 {
                hour = ~hour
            } else {
                minute = Int(Int8(bitPattern: try byte()))
                if minute < 0 {
                    minute = ~minute
                } else {
                    second = Int(Int8(bitPattern: try byte()))
                    if second < 0 { second = ~second } else { nano = Int(try int32()) }
                }
            }
            return LocalTime(hour: hour, minute: minute, second: second, nanosecond: nano)
        }

        mutating func dateTime() throws -> LocalDateTime? {
            guard let date = try date(), let time = try time() else { return nil }
            return LocalDateTime(date: date, time: time)
        }

        /// `ZoneOffset`: quarter hours in a byte, or 127 and the seconds.
        mutating func offset() throws -> Int32 {
            let quarters = Int8(bitPattern: try byte())
            return quarters == 127 ? try int32() : Int32(quarters) * 900
        }

        /// A zone written by `Ser.writeInternal`: 7 and a region id, or 8 and an offset.
        mutating func zoneID() throws -> String {
            switch try byte() {
            case 7:
                let length = Int(try byte()) << 8 | Int(try byte())
                guard position + length <= bytes.count,
                    let id = JavaSerialization.decodeModifiedUTF8(bytes[position..<(position + length)])
                else { throw Truncated() }
                position += length
                return id
            case 8: return JavaObject.Reading.offsetID(try offset())
            default: throw Truncated()
            }
        }

        mutating func byte() throws -> UInt8 {
            guard position < bytes.count else { throw Truncated() }
            defer { position += 1 }
            return bytes[position]
        }

        mutating func int32() throws -> Int32 {
            guard position + 4 <= bytes.count else { throw Truncated() }
            defer { position += 4 }
            return Int32(bitPattern: JavaSerialization.uint32(bytes, at: position))
        }

        mutating func int64() throws -> Int64 {
            guard position + 8 <= bytes.count else { throw Truncated() }
            defer { position += 8 }
            return Int64(bitPattern: JavaSerialization.uint64(bytes, at: position))
        }
    }
}
