import Foundation
import Synchronization
import ThreadExecutor

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A child process spawned in its own process group, and the only place the step runner touches
/// `posix_spawn`, `kill` and `waitpid`. With a ``StepSupervisor`` the child is the supervisor, which runs
/// the program in the same group and ends as it does, so everything below holds for the program.
///
/// Signals go to the whole group, so a shell's children are stopped too. The process is waited for on
/// a thread of ``waiters`` (never on the cooperative pool) in two phases: `waitid(WNOWAIT)` learns that it
/// exited without reaping it, the state is marked exited under the lock, and only then `waitpid` reaps
/// it. A signal is only sent under the lock while the process is not marked exited, so it can never
/// reach a recycled pid.
final class ChildProcess: Sendable {
    /// The process id, which is also its process group id.
    let pid: pid_t
    private let grace: Duration
    private let clock: any Clock<Duration>
    private let state = Mutex(State())

    private struct State {
        var exited = false
        var request: TerminationRequest?
        var killed = false
        var escalation: Task<Void, Never>?
    }

    private init(pid: pid_t, grace: Duration, clock: any Clock<Duration>) {
        self.pid = pid
        self.grace = grace
        self.clock = clock
    }

    /// What Batchwire asked of the process, if anything, and whether it had to SIGKILL it.
    var terminationRequest: (request: TerminationRequest?, killed: Bool) {
        state.withLock { ($0.request, $0.killed) }
    }

    /// Starts a program.
    ///
    /// - Parameters:
    ///   - executable: the program's path (already resolved; no PATH search happens here).
    ///   - arguments: the full argv, `arguments[0]` included.
    ///   - environment: `KEY=value` strings.
    ///   - workingDirectory: where the process starts, or `nil` for the current directory.
    ///   - standardOutput: a descriptor the child's stdout is duplicated from.
    ///   - standardError: a descriptor the child's stderr is duplicated from.
    ///   - supervisor: the ``StepSupervisor`` program to start the program through, or `nil`.
    ///   - grace: how long ``terminate(_:)`` waits after SIGTERM before SIGKILL.
    ///   - clock: the clock that grace period is measured on.
    /// - Throws: ``CommandStepError`` with code `spawnFailed`.
    static func spawn(
        executable: String,
        arguments: [String],
        environment: [String],
        workingDirectory: String?,
        standardOutput: Int32,
        standardError: Int32,
        supervisor: String?,
        grace: Duration,
        clock: any Clock<Duration>
    ) throws(CommandStepError) -> ChildProcess {
        var spawned = (executable: executable, arguments: arguments)
        if let supervisor {
            // The supervisor reports a program it cannot start only as exit 127; check here, as
            // posix_spawn would have, so that the step fails with the same clear error.
            guard access(executable, X_OK) == 0 else {
                let error = errno
                throw CommandStepError(
                    .spawnFailed, "could not start \(executable): check that the program exists and may be run",
                    systemError: error)
            }
            let graceSeconds = grace.components.seconds + (grace.components.attoseconds > 0 ? 1 : 0)
            spawned = (supervisor, [supervisor, "\(graceSeconds)", executable] + arguments)
        }
        #if canImport(Glibc)
            var actions = posix_spawn_file_actions_t()
            var attributes = posix_spawnattr_t()
        #else
            var actions: posix_spawn_file_actions_t?
            var attributes: posix_spawnattr_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }

        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, standardOutput, 1)
        posix_spawn_file_actions_adddup2(&actions, standardError, 2)
        if let workingDirectory {
            let result = SpawnExtensions.addChdir(&actions, workingDirectory)
            if result != 0 {
                throw CommandStepError(
                    .spawnFailed,
                    "this system cannot set a child's working directory; leave \"workdir\" out",
                    systemError: result
                )
            }
        }
        SpawnExtensions.addCloseFrom(&actions, 3)

        // Own process group (pgid = pid); default dispositions and an empty mask for every signal, so
        // SIGTERM reaches the program even if the spawning thread blocked or ignored it.
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes,
            Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        )

        let argv = CStringArray(spawned.arguments)
        let envp = CStringArray(environment)
        defer {
            argv.free()
            envp.free()
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, spawned.executable, &actions, &attributes, argv.pointers, envp.pointers)
        guard result == 0 else {
            let hint =
                result == ENOENT || result == ENOTDIR
                ? "check that the program and the working directory exist"
                : "check the program's permissions and the working directory"
            throw CommandStepError(.spawnFailed, "could not start \(executable): \(hint)", systemError: result)
        }
        return ChildProcess(pid: pid, grace: grace, clock: clock)
    }

    /// The threads that wait for children: one per child waited for at the same time, reused, and at most
    /// four kept idle between steps.
    static let waiters = BlockingCallPool(name: "child-wait", idleLimit: 4)

    /// Waits for the process to end, on a thread of ``waiters``, and reaps it. Call once.
    func waitForExit() async -> ProcessTermination {
        let pid = self.pid
        return await Self.waiters.run { [self] in
            var info = siginfo_t()
            while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0, errno == EINTR {}
            let escalation = state.withLock { state in
                state.exited = true
                defer { state.escalation = nil }
                return state.escalation
            }
            escalation?.cancel()
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1, errno == EINTR {}
            return ProcessTermination(waitStatus: status)
        }
    }

    /// Asks the process group to end: SIGTERM now, SIGKILL after the grace period if the process is still
    /// running. Only the first request counts; a request after the process exited does nothing.
    func terminate(_ request: TerminationRequest) {
        state.withLock { state in
            guard !state.exited, state.request == nil else { return }
            state.request = request
            kill(-pid, SIGTERM)
            state.escalation = Task { [self, clock, grace] in
                try? await clock.sleep(for: grace)
                guard !Task.isCancelled else { return }
                self.state.withLock { current in
                    guard !current.exited else { return }
                    current.killed = true
                    kill(-pid, SIGKILL)
                }
            }
        }
    }
}

/// A NULL-terminated array of C strings that must be freed.
private struct CStringArray {
    let pointers: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>

    init(_ strings: [String]) {
        pointers = .allocate(capacity: strings.count + 1)
        for (index, string) in strings.enumerated() {
            pointers[index] = strdup(string)
        }
        pointers[strings.count] = nil
    }

    func free() {
        var index = 0
        while let pointer = pointers[index] {
            Foundation.free(pointer)
            index += 1
        }
        pointers.deallocate()
    }
}
