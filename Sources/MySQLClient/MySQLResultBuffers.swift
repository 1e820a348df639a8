internal import CMariaDB
import Foundation

/// The C memory one result set is fetched into, and the decoding of each column into a ``MySQLValue``.
///
/// Each column gets a buffer typed after its field: integers as `LONGLONG`, floating point as
/// `DOUBLE`, dates as `MYSQL_TIME`, everything else (text, bytes, `DECIMAL`, `TIME`) as bytes sized
/// by the field's `max_length`, with a refetch through `mysql_stmt_fetch_column` if a value is longer.
/// Not Sendable: used by one statement on one thread.
final class MySQLResultBuffers {
    enum Kind {
        case integer(unsigned: Bool)
        case double
        case dateTime
        case text
        case bytes
    }

    let kinds: [Kind]
    let binds: UnsafeMutablePointer<MYSQL_BIND>
    private let lengths: UnsafeMutablePointer<UInt>
    private let nulls: UnsafeMutablePointer<my_bool>
    private let errors: UnsafeMutablePointer<my_bool>
    private var buffers: [UnsafeMutableRawPointer] = []
    private var capacities: [Int] = []

    /// Prepares buffers for `fields`.
    init(fields: UnsafeMutablePointer<MYSQL_FIELD>, count: Int) {
        let slots = max(count, 1)
        binds = .allocate(capacity: slots)
        binds.initialize(repeating: MYSQL_BIND(), count: slots)
        lengths = .allocate(capacity: slots)
        lengths.initialize(repeating: 0, count: slots)
        nulls = .allocate(capacity: slots)
        nulls.initialize(repeating: 0, count: slots)
        errors = .allocate(capacity: slots)
        errors.initialize(repeating: 0, count: slots)
        var kinds: [Kind] = []
        for index in 0..<count {
            let field = fields[index]
            let kind = Self.kind(of: field)
            kinds.append(kind)
            let capacity: Int
            switch kind {
            case .integer, .double: capacity = 8
            case .dateTime: capacity = MemoryLayout<MYSQL_TIME>.stride
            case .text, .bytes: capacity = max(Int(clamping: field.max_length), 64)
            }
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
            buffers.append(buffer)
            capacities.append(capacity)
            var bind = MYSQL_BIND()
            bind.buffer = buffer
            bind.buffer_length = UInt(capacity)
            bind.length = lengths + index
            bind.is_null = nulls + index
            bind.error = errors + index
            switch kind {
            case .integer(let unsigned):
                bind.buffer_type = MYSQL_TYPE_LONGLONG
                bind.is_unsigned = unsigned ? 1 : 0
            case .double: bind.buffer_type = MYSQL_TYPE_DOUBLE
            case .dateTime: bind.buffer_type = MYSQL_TYPE_DATETIME
            case .text: bind.buffer_type = MYSQL_TYPE_STRING
            case .bytes: bind.buffer_type = MYSQL_TYPE_BLOB
            }
            binds[index] = bind
        }
        self.kinds = kinds
    }

    deinit {
        for buffer in buffers { buffer.deallocate() }
        let slots = max(kinds.count, 1)
        binds.deinitialize(count: slots)
        binds.deallocate()
        lengths.deallocate()
        nulls.deallocate()
        errors.deallocate()
    }

    private static func kind(of field: MYSQL_FIELD) -> Kind {
        switch field.type {
        case MYSQL_TYPE_TINY, MYSQL_TYPE_SHORT, MYSQL_TYPE_LONG, MYSQL_TYPE_INT24, MYSQL_TYPE_LONGLONG,
            MYSQL_TYPE_YEAR:
            return .integer(unsigned: field.flags & UInt32(UNSIGNED_FLAG) != 0)
        case MYSQL_TYPE_FLOAT, MYSQL_TYPE_DOUBLE:
            return .double
        case MYSQL_TYPE_DATE, MYSQL_TYPE_DATETIME, MYSQL_TYPE_TIMESTAMP, MYSQL_TYPE_NEWDATE:
            return .dateTime
        case MYSQL_TYPE_DECIMAL, MYSQL_TYPE_NEWDECIMAL, MYSQL_TYPE_TIME:
            return .text
        default:
            // charset 63 is "binary": BLOB, VARBINARY, BINARY, BIT.
            return field.charsetnr == 63 ? .bytes : .text
        }
    }

    /// The value of `column` in the row just fetched.
    /// - Throws: a fetch error if a long value could not be refetched.
    func value(
        at column: Int,
        statement: UnsafeMutablePointer<MYSQL_STMT>,
        handle: MySQLHandle
    ) throws(MySQLError) -> MySQLValue {
        if nulls[column] != 0 { return .null }
        let buffer = buffers[column]
        switch kinds[column] {
        case .integer(let unsigned):
            if unsigned {
                let number = buffer.load(as: UInt64.self)
                return number <= UInt64(Int64.max) ? .int64(Int64(number)) : .string(String(number))
            }
            return .int64(buffer.load(as: Int64.self))
        case .double:
            return .double(buffer.load(as: Double.self))
        case .dateTime:
            let time = buffer.load(as: MYSQL_TIME.self)
            guard let date = MySQLTime.date(from: time) else { return .null }
            return .date(date)
        case .text, .bytes:
            let length = Int(lengths[column])
            if length <= capacities[column] {
                return decodeBytes(UnsafeRawBufferPointer(start: buffer, count: length), column: column)
            }
            return try refetch(column: column, length: length, statement: statement, handle: handle)
        }
    }

    private func decodeBytes(_ bytes: UnsafeRawBufferPointer, column: Int) -> MySQLValue {
        if case .bytes = kinds[column] { return .data(Data(bytes)) }
        return .string(String(decoding: bytes, as: UTF8.self))
    }

    /// Fetches a value longer than its buffer into a buffer of its full length.
    private func refetch(
        column: Int,
        length: Int,
        statement: UnsafeMutablePointer<MYSQL_STMT>,
        handle: MySQLHandle
    ) throws(MySQLError) -> MySQLValue {
        let memory = UnsafeMutableRawPointer.allocate(byteCount: length, alignment: 16)
        defer { memory.deallocate() }
        var realLength: UInt = 0
        var isNull: my_bool = 0
        var error: my_bool = 0
        var bind = binds[column]
        let failed = withUnsafeMutablePointer(to: &realLength) { realLength in
            withUnsafeMutablePointer(to: &isNull) { isNull in
                withUnsafeMutablePointer(to: &error) { error in
                    bind.buffer = memory
                    bind.buffer_length = UInt(length)
                    bind.length = realLength
                    bind.is_null = isNull
                    bind.error = error
                    return mysql_stmt_fetch_column(statement, &bind, UInt32(column), 0) != 0
                }
            }
        }
        try handle.check(failed, .fetch, statement: statement)
        return decodeBytes(UnsafeRawBufferPointer(start: memory, count: min(Int(realLength), length)), column: column)
    }
}
