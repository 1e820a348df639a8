internal import CMariaDB
import Foundation

/// The C memory behind one execution's parameter binds.
///
/// `MYSQL_BIND.buffer` must point at memory that lives until `mysql_stmt_execute` returns, so every
/// value is copied into memory this object allocates and frees in `deinit`. Not Sendable: used by one
/// statement on one thread.
final class MySQLParameterBuffers {
    /// The bind array to pass to `mysql_stmt_bind_param`.
    let binds: UnsafeMutablePointer<MYSQL_BIND>
    private let count: Int
    private var allocations: [UnsafeMutableRawPointer] = []

    /// Copies `values` into C memory and describes them in a `MYSQL_BIND` array.
    init(_ values: [MySQLValue]) {
        count = values.count
        binds = .allocate(capacity: max(count, 1))
        binds.initialize(repeating: MYSQL_BIND(), count: max(count, 1))
        for (index, value) in values.enumerated() {
            describe(value, in: &binds[index])
        }
    }

    deinit {
        for allocation in allocations { allocation.deallocate() }
        binds.deinitialize(count: max(count, 1))
        binds.deallocate()
    }

    private func allocate(_ byteCount: Int) -> UnsafeMutableRawPointer {
        let memory = UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 1), alignment: 16)
        allocations.append(memory)
        return memory
    }

    private func describe(_ value: MySQLValue, in bind: inout MYSQL_BIND) {
        switch value {
        case .null:
            bind.buffer_type = MYSQL_TYPE_NULL
        case .int64(let number):
            let memory = allocate(8)
            memory.storeBytes(of: number, as: Int64.self)
            bind.buffer_type = MYSQL_TYPE_LONGLONG
            bind.buffer = memory
            bind.is_unsigned = 0
        case .double(let number):
            let memory = allocate(8)
            memory.storeBytes(of: number, as: Double.self)
            bind.buffer_type = MYSQL_TYPE_DOUBLE
            bind.buffer = memory
        case .string(let text):
            var utf8 = Array(text.utf8)
            bind.buffer_type = MYSQL_TYPE_STRING
            setBytes(&utf8, in: &bind)
        case .data(let bytes):
            var array = [UInt8](bytes)
            bind.buffer_type = MYSQL_TYPE_BLOB
            setBytes(&array, in: &bind)
        case .date(let date):
            let memory = allocate(MemoryLayout<MYSQL_TIME>.stride)
            memory.initializeMemory(as: MYSQL_TIME.self, repeating: MySQLTime.mysqlTime(from: date), count: 1)
            bind.buffer_type = MYSQL_TYPE_DATETIME
            bind.buffer = memory
            bind.buffer_length = UInt(MemoryLayout<MYSQL_TIME>.size)
        }
    }

    private func setBytes(_ bytes: inout [UInt8], in bind: inout MYSQL_BIND) {
        let memory = allocate(bytes.count)
        bytes.withUnsafeBytes { source in
            if let base = source.baseAddress { memory.copyMemory(from: base, byteCount: source.count) }
        }
        let length = allocate(MemoryLayout<UInt>.stride)
        length.storeBytes(of: UInt(bytes.count), as: UInt.self)
        bind.buffer = memory
        bind.buffer_length = UInt(bytes.count)
        bind.length = length.assumingMemoryBound(to: UInt.self)
    }
}
