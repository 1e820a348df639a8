import Foundation

/// Where command steps write their output, for `serve` and every command alike: `BATCHWIRE_LOG_DIR`,
/// else `logs` in the current folder.
public enum StepLogDirectory {
    /// The folder the environment names.
    public static var configured: URL {
        let path = ProcessInfo.processInfo.environment["BATCHWIRE_LOG_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "logs"
        return URL(fileURLWithPath: path)
    }
}
