/// A place in a job file, for error messages: `schedules/orders.yaml:12:5`.
///
/// Every job and schedule carries one, so the line and column are stored in 32 bits each (24 bytes in all,
/// not 32); a file of more than two billion lines or columns is clamped.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file's path as given to the loader.
    public let file: String
    private let storedLine: Int32
    private let storedColumn: Int32

    /// The line, from 1.
    public var line: Int { Int(storedLine) }
    /// The column, from 1.
    public var column: Int { Int(storedColumn) }

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.storedLine = Int32(clamping: line)
        self.storedColumn = Int32(clamping: column)
    }

    public var description: String { "\(file):\(line):\(column)" }
}
