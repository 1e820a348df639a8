import BatchwireCore

/// Composes a command step's EXIT_MESSAGE: a one-line summary, then the tail of stderr, then the tail of
/// stdout, within Spring's 2,500 UTF-16 units. When the output does not fit, the beginnings of the tails
/// are dropped (the end of the output is what explains a failure), and stderr keeps at least three
/// quarters of the room.
enum StepExitDescription {
    static func compose(
        summary: String,
        standardError: LogTail,
        standardOutput: LogTail,
        limit: Int = ExitStatus.maxDescriptionLength
    ) -> String {
        let stderrHeader = "\n--- stderr (end) ---\n"
        let stdoutHeader = "\n--- stdout (end) ---\n"
        let marker = "…"
        let stderrText = standardError.text
        let stdoutText = standardOutput.text
        var room = limit - summary.utf16.count
        if !stderrText.isEmpty { room -= stderrHeader.utf16.count + marker.utf16.count }
        if !stdoutText.isEmpty { room -= stdoutHeader.utf16.count + marker.utf16.count }
        guard room > 0 else { return ExitStatus("", description: summary).truncatedDescription(maxLength: limit) }

        let stdoutLength = stdoutText.utf16.count
        let stderrLength = stderrText.utf16.count
        let stdoutReserve = min(stdoutLength, room / 4)
        let stderrShare = min(stderrLength, room - stdoutReserve)
        let stdoutShare = min(stdoutLength, room - stderrShare)

        var description = summary
        func append(_ header: String, _ tail: LogTail, share: Int) {
            guard !tail.text.isEmpty else { return }
            let text = LogTail.suffix(of: tail.text, maximumUTF16: share)
            description += header
            if tail.isTruncated || text.utf16.count < tail.text.utf16.count { description += marker }
            description += text
        }
        append(stderrHeader, standardError, share: stderrShare)
        append(stdoutHeader, standardOutput, share: stdoutShare)
        return ExitStatus("", description: description).truncatedDescription(maxLength: limit)
    }
}
