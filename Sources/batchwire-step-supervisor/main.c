// batchwire-step-supervisor: runs one step program and makes the step's process group die with the
// node that started it.
//
//   batchwire-step-supervisor <grace seconds> <program path> <argv[0]> [arguments...]
//
// The node spawns this in a new process group (the step's), so the node's SIGTERM/SIGKILL to the group
// reaches the program and everything it started, as before. This process only:
//   - starts the program in the same group, with default signal dispositions and an empty mask;
//   - outlives a group SIGTERM (blocked here) until the program ends, so the node sees the program's end;
//   - ends as the program did: the same exit code, or the same signal;
//   - notices when the node is gone (its parent changed: the node was killed, even with SIGKILL) and then
//     stops the whole group: SIGTERM, and SIGKILL after the grace period (the node's own grace).
// It is written in C so that it adds well under a millisecond to each step's start (a Swift binary loads
// its runtime libraries first), and it waits in sigtimedwait: no polling of the program, a look at the
// parent once every POLL_MS.
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

enum { POLL_MS = 250, EXIT_USAGE = 64, EXIT_CANNOT_RUN = 127 };

/// Ends this process the way the program ended.
static void end_like(int status) {
    if (WIFEXITED(status)) _exit(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) {
        int signal_number = WTERMSIG(status);
        struct rlimit no_core = {0, 0};
        setrlimit(RLIMIT_CORE, &no_core);  // the program dumped core if it had to; this copy must not
        signal(signal_number, SIG_DFL);
        sigset_t only;
        sigemptyset(&only);
        sigaddset(&only, signal_number);
        sigprocmask(SIG_UNBLOCK, &only, NULL);
        raise(signal_number);
        _exit(128 + signal_number);
    }
    _exit(EXIT_CANNOT_RUN);
}

/// Reaps the program if it ended; returns whether it did (and then `status` holds how).
static int reaped(pid_t program, int *status) {
    for (;;) {
        pid_t result = waitpid(program, status, WNOHANG);
        if (result == program) return 1;
        if (result == -1 && errno == EINTR) continue;
        return 0;
    }
}

/// The node is gone: stop the group (SIGTERM, then SIGKILL after `grace_seconds`), then end.
static void stop_orphaned_group(pid_t program, const sigset_t *waited, int grace_seconds) {
    kill(0, SIGTERM);  // the group, this process included (SIGTERM is blocked here)
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += grace_seconds;
    int status = 0;
    for (;;) {
        if (reaped(program, &status)) break;
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec > deadline.tv_sec || (now.tv_sec == deadline.tv_sec && now.tv_nsec >= deadline.tv_nsec)) break;
        struct timespec pause = {0, POLL_MS * 1000000L};
        sigtimedwait(waited, NULL, &pause);
    }
    kill(0, SIGKILL);  // what the program left behind in the group, and this process
    _exit(EXIT_CANNOT_RUN);
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: batchwire-step-supervisor <grace seconds> <program path> <argv[0]> [arguments...]\n");
        return EXIT_USAGE;
    }
    pid_t node = getppid();
    int grace_seconds = atoi(argv[1]);
    if (grace_seconds < 0) grace_seconds = 0;

    // Signals this process waits for instead of handling: the program's end, and the group signals
    // the node sends to stop the step (the program receives them itself).
    sigset_t waited;
    sigemptyset(&waited);
    sigaddset(&waited, SIGCHLD);
    sigaddset(&waited, SIGTERM);
    sigaddset(&waited, SIGINT);
    sigaddset(&waited, SIGHUP);
    sigprocmask(SIG_BLOCK, &waited, NULL);

    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &all);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    pid_t program;
    int result = posix_spawn(&program, argv[2], NULL, &attributes, argv + 3, environ);
    posix_spawnattr_destroy(&attributes);
    if (result != 0) {
        fprintf(stderr, "batchwire: could not start %s: %s\n", argv[2], strerror(result));
        return EXIT_CANNOT_RUN;
    }

    for (;;) {
        int status = 0;
        if (reaped(program, &status)) end_like(status);
        if (getppid() != node) stop_orphaned_group(program, &waited, grace_seconds);
        struct timespec pause = {0, POLL_MS * 1000000L};
        sigtimedwait(&waited, NULL, &pause);
    }
}
