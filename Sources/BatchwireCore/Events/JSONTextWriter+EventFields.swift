import Foundation

// The event fields whose text the event types make themselves (see `EventCoding.swift`), written
// straight into the buffer instead of through an intermediate `String`.

extension JSONTextWriter {
    /// Writes a UUID as lowercase text (`"1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed"`), as the event
    /// types' `encode(to:)` writes it.
    package mutating func uuid(_ uuid: UUID) {
        rawValue { text in
            let hexDigits: StaticString = "0123456789abcdef"
            text.append(UInt8(ascii: "\""))
            withUnsafeBytes(of: uuid.uuid) { uuidBytes in
                hexDigits.withUTF8Buffer { hex in
                    for (index, byte) in uuidBytes.enumerated() {
                        if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
                        text.append(hex[Int(byte >> 4)])
                        text.append(hex[Int(byte & 0x0F)])
                    }
                }
            }
            text.append(UInt8(ascii: "\""))
        }
    }

    /// Writes an instant as an event timestamp (`"2026-01-15T02:30:00.000Z"`, see ``EventTimestamp``).
    package mutating func timestamp(_ date: Date) {
        rawValue { text in
            text.append(UInt8(ascii: "\""))
            EventTimestamp.appendFormatted(date, to: &text)
            text.append(UInt8(ascii: "\""))
        }
    }
}
