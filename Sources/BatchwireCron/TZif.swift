import CivilTime

/// Reads the binary TZif files of the system time-zone database (RFC 8536, versions 1-4),
/// and extends the explicit transitions with the footer's POSIX TZ rule up to ``extendUntilYear``.
enum TZif {
    /// Transitions are generated from the footer rule up to the end of this year (the year
    /// field's maximum is 2199).
    static let extendUntilYear = 2200

    struct Malformed: Error {}

    /// Parses a TZif file into zone rules.
    static func rules(from data: [UInt8]) throws(Malformed) -> ZoneRules {
        var reader = Reader(bytes: data)
        let v1 = try reader.header()
        var header = v1
        var timeSize = 4
        if v1.version >= 2 {
            try reader.skip(v1.dataSize(timeSize: 4))
            header = try reader.header()
            timeSize = 8
        }
        var times: [Int64] = []
        times.reserveCapacity(header.timecnt)
        for _ in 0..<header.timecnt {
            times.append(timeSize == 8 ? try reader.int64() : Int64(try reader.int32()))
        }
        var typeIndices: [Int] = []
        for _ in 0..<header.timecnt { typeIndices.append(Int(try reader.byte())) }
        var typeOffsets: [Int] = []
        for _ in 0..<header.typecnt {
            typeOffsets.append(Int(try reader.int32()))
            try reader.skip(2)
        }
        guard !typeOffsets.isEmpty, typeIndices.allSatisfy({ $0 < typeOffsets.count }) else { throw Malformed() }
        try reader.skip(header.charcnt + header.leapcnt * (timeSize + 4) + header.isstdcnt + header.isutcnt)
        var changes = zip(times, typeIndices).map { (at: $0, offset: typeOffsets[$1]) }
        if header.version >= 2, let footer = reader.footer(), let rule = PosixTZRule(footer) {
            let lastAt = changes.last?.at ?? Int64.min
            let fromYear =
                changes.last.map { CivilCalendar.date(days: CivilCalendar.floorDivide($0.at, 86_400)).year } ?? 1970
            if changes.isEmpty && rule.dst == nil {
                return ZoneRules(fixed: rule.standardOffset)
            }
            for change in rule.transitions(fromYear: fromYear, throughYear: extendUntilYear) where change.at > lastAt {
                changes.append(change)
            }
            if changes.isEmpty { return ZoneRules(fixed: rule.standardOffset) }
        }
        return ZoneRules(initialOffset: typeOffsets[0], changes: changes)
    }

    struct Header {
        var version: Int
        var isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0

        func dataSize(timeSize: Int) -> Int {
            timecnt * timeSize + timecnt + typecnt * 6 + charcnt + leapcnt * (timeSize + 4) + isstdcnt + isutcnt
        }
    }

    struct Reader {
        let bytes: [UInt8]
        var position = 0

        mutating func byte() throws(Malformed) -> UInt8 {
            guard position < bytes.count else { throw Malformed() }
            defer { position += 1 }
            return bytes[position]
        }

        mutating func skip(_ count: Int) throws(Malformed) {
            guard count >= 0, position + count <= bytes.count else { throw Malformed() }
            position += count
        }

        mutating func int32() throws(Malformed) -> Int32 {
            var v: UInt32 = 0
            for _ in 0..<4 { v = v << 8 | UInt32(try byte()) }
            return Int32(bitPattern: v)
        }

        mutating func int64() throws(Malformed) -> Int64 {
            var v: UInt64 = 0
            for _ in 0..<8 { v = v << 8 | UInt64(try byte()) }
            return Int64(bitPattern: v)
        }

        mutating func header() throws(Malformed) -> Header {
            guard position + 44 <= bytes.count, bytes[position..<(position + 4)].elementsEqual("TZif".utf8) else {
                throw Malformed()
            }
            let versionByte = bytes[position + 4]
            var header = Header(version: versionByte == 0 ? 1 : Int(versionByte) - 0x30)
            try skip(20)
            header.isutcnt = Int(try int32())
            header.isstdcnt = Int(try int32())
            header.leapcnt = Int(try int32())
            header.timecnt = Int(try int32())
            header.typecnt = Int(try int32())
            header.charcnt = Int(try int32())
            guard
                [header.isutcnt, header.isstdcnt, header.leapcnt, header.timecnt, header.typecnt, header.charcnt]
                    .allSatisfy({ $0 >= 0 && $0 < 1_000_000 })
            else { throw Malformed() }
            return header
        }

        /// The POSIX TZ string between the two newlines at the end of a version 2+ file.
        func footer() -> String? {
            guard position < bytes.count, bytes[position] == 0x0A else { return nil }
            let rest = bytes[(position + 1)...]
            guard let end = rest.firstIndex(of: 0x0A) else { return nil }
            return String(decoding: rest[rest.startIndex..<end], as: UTF8.self)
        }
    }
}
