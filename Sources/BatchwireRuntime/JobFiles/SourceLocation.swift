/// A place in a job file, for error messages: `schedules/orders.yaml:12:5`.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file's path as given to the loader.
    public let file: String
    /// The line, from 1.
    public let line: Int
    /// The column, from 1.
    public let column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}
