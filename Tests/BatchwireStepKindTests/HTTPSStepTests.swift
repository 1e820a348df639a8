import BatchwireCore
import BatchwireRuntime
import BatchwireTestBasics
import Foundation
import NIOSSL
import Testing

/// `https://` steps against a Hummingbird server whose certificate a CA made in the test (openssl) signed:
/// trusted through `HTTPStepConfiguration.caFile`, refused with the system's CAs, and a client certificate.
@Suite struct HTTPSStepTests {
    /// A CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl in a temporary folder.
    struct Certificates {
        let directory: URL
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

        static func make() throws -> Certificates {
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("batchwire-tls-\(UUID().uuidString)", isDirectory: true)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let script = """
                set -e
                key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
                key ca.key
                openssl req -x509 -new -key ca.key -out ca.pem -days 2 -subj "/CN=Batchwire test CA"
                key server.key
                openssl req -new -key server.key -out server.csr -subj "/CN=127.0.0.1"
                printf 'subjectAltName=IP:127.0.0.1\\nbasicConstraints=CA:FALSE\\nextendedKeyUsage=serverAuth\\n' > server.ext
                openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 \\
                    -extfile server.ext 2>/dev/null
                key client.key
                openssl req -new -key client.key -out client.csr -subj "/CN=batchwire-node"
                printf 'basicConstraints=CA:FALSE\\nextendedKeyUsage=clientAuth\\n' > client.ext
                openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.pem -days 2 \\
                    -extfile client.ext 2>/dev/null
                """
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", script]
            process.currentDirectoryURL = directory
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw TimedOut(
                    what: "openssl to make the test certificates (exit \(process.terminationStatus))")
            }
            return Certificates(directory: directory)
        }

        func serverTLS(requireClientCertificate: Bool) throws -> TLSConfiguration {
            var tls = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(path("server.pem")).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: path("server.key"), format: .pem)))
            if requireClientCertificate {
                tls.certificateVerification = .noHostnameVerification
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(path("ca.pem")))
            }
            return tls
        }
    }

    private func step(_ server: TestHTTPServer) -> InProcessStepInvocation {
        StepKindFixtures.http(HTTPStepDefinition(url: StepTemplate(stringLiteral: server.baseURL + "/status/200")))
    }

    @Test func trustsTheConfiguredCAAndNotTheSystemOnes() async throws {
        let certificates = try Certificates.make()
        defer { try? FileManager.default.removeItem(at: certificates.directory) }
        let server = try await TestHTTPServer.start(tls: try certificates.serverTLS(requireClientCertificate: false))
        var configuration = HTTPStepConfiguration()
        configuration.caFile = certificates.path("ca.pem")
        let trusting = HTTPStepRunner(configuration: configuration, logger: StepKindFixtures.logger)
        let result = await trusting.run(step(server))
        #expect(result.status == .completed, "\(result.exitStatus.exitDescription)")
        #expect(result.exitStatus.exitDescription.hasPrefix("HTTP 200 from GET https://127.0.0.1:"))

        let systemCAs = HTTPStepRunner(logger: StepKindFixtures.logger)
        let refused = await systemCAs.run(step(server))
        #expect(refused.status == .failed)
        #expect(refused.exitStatus.exitDescription.contains("failed:"))
        await server.stop()
    }

    @Test func presentsAClientCertificate() async throws {
        let certificates = try Certificates.make()
        defer { try? FileManager.default.removeItem(at: certificates.directory) }
        let server = try await TestHTTPServer.start(tls: try certificates.serverTLS(requireClientCertificate: true))
        var configuration = HTTPStepConfiguration()
        configuration.caFile = certificates.path("ca.pem")
        let anonymous = await HTTPStepRunner(configuration: configuration, logger: StepKindFixtures.logger).run(
            step(server))
        #expect(anonymous.status == .failed)

        configuration.certificateFile = certificates.path("client.pem")
        configuration.keyFile = certificates.path("client.key")
        let known = await HTTPStepRunner(configuration: configuration, logger: StepKindFixtures.logger).run(
            step(server))
        #expect(known.status == .completed, "\(known.exitStatus.exitDescription)")
        await server.stop()
    }

    @Test func unreadableTLSFilesFailTheStepSayingSo() async throws {
        var configuration = HTTPStepConfiguration()
        configuration.caFile = "/nonexistent/ca.pem"
        let runner = HTTPStepRunner(configuration: configuration, logger: StepKindFixtures.logger)
        let result = await runner.run(
            StepKindFixtures.http(HTTPStepDefinition(url: "https://127.0.0.1:9/x"), retries: 2))
        #expect(result.status == .failed)
        #expect(result.attempts.count == 1)
        #expect(result.exitStatus.exitDescription.contains("TLS files could not be read"))
    }
}
