extension ThreadExecutor {
    /// Runs one blocking call on this executor's thread and returns its result, leaving the calling task's
    /// thread (a cooperative-pool thread, usually) free while it blocks.
    ///
    /// Calls made through the same executor run one after another, in the order they were made.
    ///
    /// - Parameter body: the blocking work, e.g. a `waitpid` or a TCP connect in a C library.
    /// - Returns: what `body` returns.
    /// - Throws: what `body` throws.
    public func run<T: Sendable, Failure: Error>(_ body: @Sendable () throws(Failure) -> T) async throws(Failure) -> T {
        // Nonisolated, so the operation runs on the preferred task executor: this thread.
        try await withTaskExecutorPreference(self) { () async throws(Failure) -> T in try body() }
    }
}
