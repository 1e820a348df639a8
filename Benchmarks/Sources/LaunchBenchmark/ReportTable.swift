/// A two-column table of figures, printed once per case.
struct ReportTable: Sendable {
    struct Row: Sendable {
        let label: String
        let value: String
        /// A section heading instead of a figure.
        let isHeading: Bool
    }

    let title: String
    private(set) var rows: [Row] = []

    init(title: String) {
        self.title = title
    }

    /// Adds a figure.
    mutating func add(_ label: String, _ value: String) {
        rows.append(Row(label: label, value: value, isHeading: false))
    }

    /// Starts a section.
    mutating func heading(_ text: String) {
        rows.append(Row(label: text, value: "", isHeading: true))
    }

    /// The table as text, labels padded to one width.
    func render() -> String {
        let width = rows.filter { !$0.isHeading }.map(\.label.count).max() ?? 0
        var lines = ["", "=== \(title) ==="]
        for row in rows {
            if row.isHeading {
                lines.append("-- \(row.label)")
            } else {
                let padding = String(repeating: " ", count: max(0, width - row.label.count))
                lines.append("  \(row.label)\(padding)  \(row.value)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
