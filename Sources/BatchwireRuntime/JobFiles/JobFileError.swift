/// A problem in a job file, with where it is and what to do about it.
public struct JobFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the problem is.
    public let location: SourceLocation
    /// What is wrong, and what would be right.
    public let reason: String

    public init(_ location: SourceLocation, _ reason: String) {
        self.location = location
        self.reason = reason
    }

    /// `file:line:column: reason`, the form editors and terminals turn into links.
    public var description: String { "\(location): \(reason)" }
}
