/// Turns an ``ExecutionContext`` into the string stored in the context tables and back.
public protocol ExecutionContextSerializer: Sendable {
    /// The string to store (before the short/serialized split of ``ExecutionContextColumns``).
    func serialize(_ context: ExecutionContext) -> String

    /// Reads a stored string. The result is clean (not dirty).
    ///
    /// - Throws: ``ExecutionContextSerializationError``.
    func deserialize(_ serialized: String) throws(ExecutionContextSerializationError) -> ExecutionContext
}
