import BatchwireCore
import Foundation
import Testing

/// The examples in docs/events.md are real payloads: they decode and validate.
@Suite struct DocumentationTests {
    @Test func examplesInEventsMDAreValid() throws {
        let markdown = try String(
            contentsOf: TestSupport.repositoryRoot.appendingPathComponent("docs/events.md"), encoding: .utf8)
        let blocks = markdown.components(separatedBy: "```json\n").dropFirst().compactMap {
            $0.components(separatedBy: "```").first
        }
        #expect(blocks.count == 6)
        var events: [Data] = []
        var lineage: [Data] = []
        for block in blocks {
            let data = Data(block.utf8)
            if block.contains("\"eventType\"") {
                lineage.append(data)
            } else {
                _ = try BatchwireEvent(jsonData: data)
                events.append(data)
            }
        }
        try TestSupport.validate(events, against: TestSupport.eventsSchema)
        try TestSupport.validate(lineage, against: try TestSupport.openLineageSchema())
    }
}
