import BatchwireDaemon
import Logging
import Synchronization
import Testing

/// Issue 15, item 8: log forging. Text from outside must not start a log line of its own.
@Suite("Control characters in logged values")
struct LogEscapingTests {
    /// Keeps what reaches it.
    final class Capture: LogHandler, @unchecked Sendable {
        let events = Mutex<[LogEvent]>([])
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) { events.withLock { $0.append(event) } }
    }

    @Test("newlines, carriage returns, NUL, escape sequences and line separators are escaped everywhere")
    func everyControlCharacterIsEscaped() throws {
        let capture = Capture()
        let logger = Logger(label: "test") { _ in ControlCharacterEscapingLogHandler(wrapping: capture) }
        let forged = "nightly\n2026-12-07T00:00:00+0000 critical batchwire: forged"
        logger.warning(
            "no such job \(forged)",
            metadata: [
                "job": "\(forged)", "raw": .string("a\u{0}b\rc\u{1B}[31md\u{2028}e\u{85}f\tg"),
                "list": .array([.string("x\ny")]), "nested": .dictionary(["k\n": .string("v\n")]),
            ])
        let event = try #require(capture.events.withLock { $0.first })
        #expect(event.message.description == "no such job nightly\\n2026-12-07T00:00:00+0000 critical batchwire: forged")
        let metadata = try #require(event.metadata)
        #expect(metadata["job"] == .string("nightly\\n2026-12-07T00:00:00+0000 critical batchwire: forged"))
        #expect(metadata["raw"] == .string("a\\u{0}b\\rc\\u{1B}[31md\\u{2028}e\\u{85}f\\tg"))
        #expect(metadata["list"] == .array([.string("x\\ny")]))
        #expect(metadata["nested"] == .dictionary(["k\\n": .string("v\\n")]))
        #expect(ControlCharacterEscapingLogHandler.escape("plain text, ünïcode and \\ backslashes") == "plain text, ünïcode and \\ backslashes")
    }
}
