import Foundation

/// `batchwire-step-supervisor`, the small program a node starts each command step through so that the
/// step's process tree dies with the node: when the node is killed (even with SIGKILL), the supervisor
/// sees its parent change within a quarter of a second and stops the step's process group (SIGTERM,
/// then SIGKILL after the grace period). While the node lives it only passes the program's end through:
/// the same exit code, or the same signal.
///
/// It holds on one host only: a step keeps running when its node's host loses power or the network
/// (the lease then lets another node recover the run, and the step's own work must be idempotent).
public enum StepSupervisor {
    /// The program's file name, built next to `batchwire` by `swift build`.
    public static let executableName = "batchwire-step-supervisor"

    /// The supervisor this process uses: `$BATCHWIRE_STEP_SUPERVISOR` when set (`off` for none), else
    /// `batchwire-step-supervisor` next to the running executable; `nil` when there is none (steps then
    /// run directly, and outlive a killed node).
    public static let located: String? = locate(
        environment: ProcessInfo.processInfo.environment, executable: runningExecutable())

    /// The supervisor named by `environment`, else the one next to `executable`.
    static func locate(environment: [String: String], executable: String?) -> String? {
        if let configured = environment["BATCHWIRE_STEP_SUPERVISOR"], !configured.isEmpty {
            if configured == "off" { return nil }
            return FileManager.default.isExecutableFile(atPath: configured) ? configured : nil
        }
        guard let executable else { return nil }
        let candidate = URL(fileURLWithPath: executable).deletingLastPathComponent()
            .appendingPathComponent(executableName).path
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
    }

    /// The path of the running program (`/proc/self/exe` on Linux), resolved.
    private static func runningExecutable() -> String? {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return resolved
        }
        return CommandLine.arguments.first.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
    }
}
