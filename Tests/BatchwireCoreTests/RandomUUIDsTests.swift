import BatchwireCore
import Foundation
import Testing

@Suite("Random event ids")
struct RandomUUIDsTests {
    @Test("ids are version 4 with the RFC 9562 variant, and lowercase text round-trips")
    func versionAndVariant() throws {
        for _ in 0..<600 {  // more than two refills of the 256-id buffer
            let id = RandomUUIDs.next()
            #expect(id.uuid.6 >> 4 == 4)
            #expect(id.uuid.8 >> 6 == 0b10)
            let text = id.uuidString.lowercased()
            #expect(UUID(uuidString: text) == id)
            #expect(Array(text)[14] == "4")
        }
    }

    @Test("ids drawn from many tasks at once never repeat")
    func uniqueAcrossTasks() async {
        let ids = await withTaskGroup(of: [UUID].self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<2_500).map { _ in RandomUUIDs.next() } }
            }
            var all: [UUID] = []
            for await batch in group { all += batch }
            return all
        }
        #expect(ids.count == 20_000)
        #expect(Set(ids).count == 20_000)
    }

    @Test("the bytes are not constant: every byte position takes many values")
    func bytesVary() {
        let ids = (0..<1_000).map { _ in RandomUUIDs.next() }
        for position in [0, 3, 7, 9, 15] {
            let values = Set(ids.map { id in withUnsafeBytes(of: id.uuid) { $0[position] } })
            #expect(values.count > 100, "byte \(position) took only \(values.count) values in 1000 ids")
        }
    }
}
