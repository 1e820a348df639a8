import BatchwireCore
import Foundation

/// One result row from either database, read by column name.
struct SQLRow: Sendable {
    /// The upper-cased column labels and their positions.
    let index: [String: Int]
    /// The values as the driver gave them.
    let values: [Value]

    /// The position of each upper-cased column label; the first column wins when labels repeat.
    static func columnIndex(_ names: [String]) -> [String: Int] {
        var index: [String: Int] = [:]
        for (position, name) in names.enumerated() where index[name.uppercased()] == nil {
            index[name.uppercased()] = position
        }
        return index
    }

    /// A driver value, normalised.
    enum Value: Sendable {
        case null, int(Int64), double(Double), text(String), utcFields(Date)
    }

    private func value(_ column: String) throws(StoreError) -> Value {
        guard let position = index[column.uppercased()] else {
            throw StoreError(.corruptData, "the query returned no column \(column); this is a bug in the store")
        }
        return values[position]
    }

    private func mismatch(_ column: String, _ wanted: String) -> StoreError {
        StoreError(.corruptData, "column \(column) does not hold \(wanted); check the schema with `batchwire db check`")
    }

    func isNull(_ column: String) throws(StoreError) -> Bool {
        if case .null = try value(column) { return true }
        return false
    }

    func int(_ column: String) throws(StoreError) -> Int64 {
        guard let result = try intIfPresent(column) else { throw mismatch(column, "an integer") }
        return result
    }

    func intIfPresent(_ column: String) throws(StoreError) -> Int64? {
        switch try value(column) {
        case .null: return nil
        case .int(let number): return number
        case .double(let number): if let exact = Int64(exactly: number) { return exact }
        case .text(let text): if let number = Int64(text) { return number }
        case .utcFields: break
        }
        throw mismatch(column, "an integer")
    }

    func text(_ column: String) throws(StoreError) -> String {
        guard let result = try textIfPresent(column) else { throw mismatch(column, "text") }
        return result
    }

    func textIfPresent(_ column: String) throws(StoreError) -> String? {
        switch try value(column) {
        case .null: return nil
        case .text(let text): return text
        case .int(let number): return String(number)
        case .double(let number): return String(number)
        case .utcFields: throw mismatch(column, "text")
        }
    }

    func wallClock(_ column: String) throws(StoreError) -> LocalDateTime {
        guard let result = try wallClockIfPresent(column) else { throw mismatch(column, "a timestamp") }
        return result
    }

    func wallClockIfPresent(_ column: String) throws(StoreError) -> LocalDateTime? {
        switch try value(column) {
        case .null: return nil
        case .utcFields(let date): return WallClockCodec.wallClock(utcFields: date)
        case .text(let text):
            if let date = Self.parseTimestamp(text) { return WallClockCodec.wallClock(utcFields: date) }
        default: break
        }
        throw mismatch(column, "a timestamp")
    }

    func instantIfPresent(_ column: String) throws(StoreError) -> Date? {
        switch try value(column) {
        case .null: return nil
        case .utcFields(let date): return date
        case .text(let text): if let date = Self.parseTimestamp(text) { return date }
        default: break
        }
        throw mismatch(column, "a timestamp")
    }

    func instant(_ column: String) throws(StoreError) -> Date {
        guard let result = try instantIfPresent(column) else { throw mismatch(column, "a timestamp") }
        return result
    }

    /// Parses `yyyy-MM-dd HH:mm:ss[.ffffff]` (or with `T`) as UTC fields.
    static func parseTimestamp(_ text: String) -> Date? {
        let normalized = text.replacingOccurrences(of: " ", with: "T")
        let main = normalized.prefix(19)
        guard main.count == 19, let dateTime = LocalDateTime(iso: String(main)) else { return nil }
        var micros = 0
        if normalized.count > 20, normalized.dropFirst(19).first == "." {
            let digits = normalized.dropFirst(20).prefix { $0.isNumber }
            let padded = (String(digits.prefix(6)) + "000000").prefix(6)
            micros = Int(padded) ?? 0
        }
        return dateTime.instant(offsetSeconds: 0).addingTimeInterval(Double(micros) / 1_000_000)
    }
}
