/// The columns of a query result: their names (as the server labels them) and a name index.
public struct MySQLColumns: Sendable, Hashable {
    /// The column labels, in SELECT order.
    public let names: [String]
    private let indexByName: [String: Int]

    /// Makes a column list. Lookup by name is case-insensitive; the first of duplicate names wins.
    public init(names: [String]) {
        self.names = names
        var index: [String: Int] = [:]
        for (position, name) in names.enumerated() where index[name.lowercased()] == nil {
            index[name.lowercased()] = position
        }
        self.indexByName = index
    }

    /// The number of columns.
    public var count: Int { names.count }

    /// The index of the column called `name`.
    /// - Throws: `MySQLError` with code `.unknownColumn` if there is none.
    public func index(of name: String) throws(MySQLError) -> Int {
        if let index = indexByName[name.lowercased()] { return index }
        throw MySQLError(code: .unknownColumn, operation: .decode, detail: "column '\(name)'")
    }
}
