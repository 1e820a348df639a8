extension JSONTextWriter {
    /// Writes any JSON value as `JSONEncoder` writes ``JSONValue``: objects with their keys in
    /// ascending UTF-8 order, as `.sortedKeys` orders them.
    ///
    /// - Throws: `EncodingError.invalidValue` if a number is NaN or infinite; the buffer then holds
    ///   a partial value, so discard the writer.
    package mutating func value(_ value: JSONValue) throws(EncodingError) {
        switch value {
        case .null: null()
        case .bool(let bool): self.bool(bool)
        case .integer(let integer): self.integer(integer)
        case .number(let number): try self.number(number)
        case .string(let string): self.string(string)
        case .array(let elements):
            beginArray()
            for element in elements { try self.value(element) }
            endArray()
        case .object(let members): try object(members)
        }
    }

    /// Writes an object whose members are JSON values, keys in ascending UTF-8 order.
    ///
    /// - Throws: `EncodingError.invalidValue` if a number is NaN or infinite.
    package mutating func object(_ members: [String: JSONValue]) throws(EncodingError) {
        beginObject()
        for (name, member) in members.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            key(name)
            try value(member)
        }
        endObject()
    }
}
