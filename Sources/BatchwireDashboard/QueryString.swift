import Foundation

/// Reads a query string as an HTML form sends it (`+` is a space, `%XX` a byte); the first value of a name wins.
enum QueryString {
    static func parse(_ query: String?) -> [String: String] {
        var values: [String: String] = [:]
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
            }
            let name = decode(parts[0])
            if values[name] == nil { values[name] = parts.count == 2 ? decode(parts[1]) : "" }
        }
        return values
    }

    /// The query string of `values`, names sorted, empty values left out.
    static func make(_ values: [String: String]) -> String {
        values.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }
            .map { "\(DashboardPages.queryValue($0.key))=\(DashboardPages.queryValue($0.value))" }
            .joined(separator: "&")
    }
}
