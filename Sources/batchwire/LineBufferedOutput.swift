// `stdout` is a C global the compiler cannot prove concurrency-safe; it is touched once, in `main`,
// before any task runs.
@preconcurrency import Glibc

/// Standard output written line by line, even when it is a file or a pipe.
enum LineBufferedOutput {
    /// Makes the C stream behind `print` flush at every newline (it is block-buffered when redirected).
    static func enable() {
        setvbuf(stdout, nil, _IOLBF, 0)
    }
}
