import Foundation

/// The end of a log file, as text fit for an exit description (and the dashboard's step logs).
public struct LogTail: Sendable {
    /// The text: the last bytes of the file, starting on a UTF-8 character and a line boundary when it
    /// was cut, with invalid UTF-8 replaced by U+FFFD.
    public var text: String
    /// Whether the file held more than `text`.
    public var isTruncated: Bool

    /// Reads the end of the file at `url`: at most `maximumBytes` bytes and `maximumLines` lines.
    /// A missing or unreadable file is an empty tail.
    public init(of url: URL, maximumBytes: Int, maximumLines: Int) {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            self.init(text: "", isTruncated: false)
            return
        }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        let start = size > UInt64(maximumBytes) ? size - UInt64(maximumBytes) : 0
        try? handle.seek(toOffset: start)
        let data = (try? handle.readToEnd()) ?? Data()
        self.init(bytes: Array(data), cut: start > 0, maximumLines: maximumLines)
    }

    /// The tail of `bytes`, which may begin in the middle of a character when `cut`.
    init(bytes: [UInt8], cut: Bool, maximumLines: Int) {
        var slice = bytes[...]
        var truncated = cut
        if cut {
            // Skip UTF-8 continuation bytes (10xxxxxx) so the text starts on a character.
            while let first = slice.first, first & 0xC0 == 0x80 { slice = slice.dropFirst() }
        }
        var text = String(decoding: slice, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.count > maximumLines {
            text = lines.suffix(maximumLines).joined(separator: "\n")
            truncated = true
        }
        self.init(text: text, isTruncated: truncated)
    }

    init(text: String, isTruncated: Bool) {
        self.text = text
        self.isTruncated = isTruncated
    }

    /// The last `maximumUTF16` UTF-16 units of `text`, cut on a Unicode scalar boundary.
    static func suffix(of text: String, maximumUTF16: Int) -> String {
        let utf16 = text.utf16
        guard utf16.count > maximumUTF16 else { return text }
        guard maximumUTF16 > 0 else { return "" }
        var start = utf16.index(utf16.endIndex, offsetBy: -maximumUTF16)
        while start < utf16.endIndex, start.samePosition(in: text.unicodeScalars) == nil {
            start = utf16.index(after: start)
        }
        return String(text.unicodeScalars[start...])
    }
}
