#if canImport(Glibc)
import Glibc
#endif

/// Gives the allocator's free memory back to the system after a burst of temporary allocations.
///
/// glibc's malloc keeps freed memory in its arenas, and its dynamic mmap threshold (raised by each large
/// block freed) moves later large temporaries from their own mappings into the arenas too. The scheduler's
/// rebuild after a registry change makes and drops maps and lists of every schedule, which left about
/// 44 MiB free but resident at 100,000 schedules (SchedulerBenchmark, measured with `malloc_info`).
/// `malloc_trim(0)` returns the whole free pages of every arena; it takes a few milliseconds and is called
/// only after such a rebuild.
public enum ProcessMemory {
    /// Returns the allocator's free pages to the system (`malloc_trim(0)` under glibc; nothing elsewhere).
    public static func returnFreePages() {
        #if canImport(Glibc)
        if let trim = mallocTrim { _ = trim(0) }
        #endif
    }

    #if canImport(Glibc)
    private typealias MallocTrim = @convention(c) (Int) -> Int32
    /// Found at run time: Swift's Glibc module does not import `malloc.h`.
    private static let mallocTrim: MallocTrim? = dlsym(dlopen(nil, RTLD_NOW), "malloc_trim").map {
        unsafeBitCast($0, to: MallocTrim.self)
    }
    #endif
}
