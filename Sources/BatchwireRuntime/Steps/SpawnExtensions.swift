#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `posix_spawn` file actions that are not in POSIX.1-2017: `addchdir_np` and `addclosefrom_np`.
///
/// glibc declares them only under `_GNU_SOURCE`, which Swift's Glibc module does not define, so they
/// are looked up once with `dlsym`. They are in glibc since 2.29 and 2.34.
enum SpawnExtensions {
    #if canImport(Glibc)
        private typealias AddChdir =
            @convention(c) (
                UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?
            ) -> Int32
        private typealias AddCloseFrom =
            @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32

        private static let addChdirFunction: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np")
        private static let addCloseFromFunction: AddCloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np")

        private static func symbol<F>(_ name: String) -> F? {
            guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
            return unsafeBitCast(address, to: F.self)
        }

        /// Adds "change directory to `path`"; returns 0 or an `errno` (ENOSYS if unavailable).
        static func addChdir(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: String) -> Int32 {
            guard let addChdirFunction else { return ENOSYS }
            return addChdirFunction(actions, path)
        }

        /// Adds "close every descriptor from `lowest` up", when the C library can.
        static func addCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ lowest: Int32) {
            _ = addCloseFromFunction?(actions, lowest)
        }
    #else
        /// Adds "change directory to `path`"; returns 0 or an `errno`.
        static func addChdir(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t?>, _ path: String) -> Int32 {
            posix_spawn_file_actions_addchdir_np(actions, path)
        }

        /// Descriptors are opened close-on-exec; Darwin has no `addclosefrom_np`.
        static func addCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t?>, _ lowest: Int32) {}
    #endif
}
