import Foundation

/// Runs a blocking libmosquitto call (TCP connect, joining the loop thread) on a short-lived thread
/// of its own, so it never parks a thread of Swift's cooperative pool. These calls happen once per
/// connect or disconnect, so a thread each is cheap enough.
enum BlockingThread {
    static func run<T: Sendable>(_ name: String, _ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.name = name
            thread.start()
        }
    }
}
