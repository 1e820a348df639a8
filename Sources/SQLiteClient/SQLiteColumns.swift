/// The column names of a query result, with a lookup by name built once per query.
public struct SQLiteColumns: Sendable, Hashable {
    /// The names in result order, as SQLite reports them (the alias when there is one).
    public let names: [String]
    private let exact: [String: Int]
    private let folded: [String: Int]

    init(names: [String]) {
        self.names = names
        var exact: [String: Int] = [:]
        var folded: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            if exact[name] == nil { exact[name] = index }
            if folded[Self.fold(name)] == nil { folded[Self.fold(name)] = index }
        }
        self.exact = exact
        self.folded = folded
    }

    /// The position of the first column named `name`, exact match first, then ignoring ASCII case.
    public func index(of name: String) -> Int? {
        exact[name] ?? folded[Self.fold(name)]
    }

    private static func fold(_ name: String) -> String {
        String(decoding: name.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }
}
