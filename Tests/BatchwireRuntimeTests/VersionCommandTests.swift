import BatchwireCore
import Foundation
import Testing

@Suite("batchwire --version")
struct VersionCommandTests {
    @Test("prints the build's version and exits 0, without a database or job files")
    func printsTheVersion() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("batchwire-version-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (status, output) = try await BatchwireBinary.locate().run(["--version"], environment: [:], in: directory)
        #expect(status == 0, "\(output)")
        #expect(output == BatchwireVersion.current + "\n")
        #expect(BatchwireVersion.current.split(separator: ".").count == 3)
    }
}
