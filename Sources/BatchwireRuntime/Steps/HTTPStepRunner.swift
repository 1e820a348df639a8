import AsyncHTTPClient
import BatchwireCore
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL

/// Runs `http` steps in process, on AsyncHTTPClient: one request per attempt.
///
/// The URL, headers and body are ``StepTemplate``s, filled in for each attempt. Redirects are followed up to
/// ``HTTPStepConfiguration/maximumRedirects``. The status code and the first 2,500 characters of the body go to
/// the step's exit description and the log. A status outside `expect` (default any 2xx), a failed connection
/// and a timeout FAIL the attempt, which is retried per `retries` with the command steps' backoff. A response
/// to an accepted status is read by ``StepReply``: a JSON object's `exitCode` and `context` members set the
/// step's exit code and context. A stop ends the request at once (STOPPED).
///
/// Secrets (`${env.NAME}`, `${file:/path}` header values) go into the request only: the exit description and
/// the log show the request's templates.
public struct HTTPStepRunner: Sendable {
    /// The settings.
    public let configuration: HTTPStepConfiguration
    let client: HTTPClient
    let tls: TLSConfiguration?
    let tlsProblem: String?
    let retryBackoff: RetryBackoff
    let clock: any Clock<Duration>
    let logger: Logger

    /// A runner.
    ///
    /// - Parameters:
    ///   - configuration: TLS files and limits.
    ///   - client: the client to use; by default one client shared by every runner of this process.
    ///   - retryBackoff: the waits between retries.
    ///   - clock: what timeouts and retry waits are measured on.
    ///   - logger: where each answer is logged.
    public init(
        configuration: HTTPStepConfiguration = HTTPStepConfiguration(), client: HTTPClient? = nil,
        retryBackoff: RetryBackoff = RetryBackoff(), clock: any Clock<Duration> = ContinuousClock(), logger: Logger
    ) {
        self.configuration = configuration
        self.client = client ?? Self.sharedClient
        self.retryBackoff = retryBackoff
        self.clock = clock
        self.logger = logger
        do {
            self.tls = try Self.tlsConfiguration(configuration)
            self.tlsProblem = nil
        } catch {
            self.tls = nil
            self.tlsProblem = error.message
        }
    }

    /// One client for the process: its connection pool is shared by every `http` step. Never shut down, as it
    /// lives as long as the process.
    static let sharedClient: HTTPClient = {
        var settings = HTTPClient.Configuration(
            redirectConfiguration: .follow(max: 5, allowCycles: false),
            timeout: .init(connect: .seconds(10)))
        settings.decompression = .disabled
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: settings)
    }()

    /// Runs the step until it completes, fails for good or is stopped. Never throws.
    ///
    /// - Parameters:
    ///   - invocation: the step (``StepDefinition/http`` set), its placeholder values and previous context.
    ///   - stopSignal: raise it to stop the step; cancelling the calling task does the same.
    /// - Returns: the attempts and the context to save.
    public func run(_ invocation: InProcessStepInvocation, stopSignal: StepStopSignal = StepStopSignal()) async
        -> StepRunResult
    {
        await InProcessAttempts.runStep(
            invocation, stopSignal: stopSignal, backoff: retryBackoff, clock: clock, logger: logger
        ) { number, context, logger in
            await attempt(invocation, number: number, context: context, stopSignal: stopSignal, logger: logger)
        }
    }

    /// A response as far as it was read.
    struct Answer: Sendable {
        var status: Int
        var body: [UInt8]
    }

    private func attempt(
        _ invocation: InProcessStepInvocation, number: Int, context: ExecutionContext, stopSignal: StepStopSignal,
        logger: Logger
    ) async -> InProcessAttempts.Outcome {
        let ended = InProcessAttempts.Ending(number: number, startTime: Date(), context: context)
        guard let http = invocation.step.http else {
            return ended(
                .failed, ExitStatus.failed.exitCode, "step \"\(invocation.step.name)\" has no http settings",
                retryable: false)
        }
        let values = invocation.values
        let shownURL = values.redacted(http.url)
        let what = "\(http.method) \(shownURL)"
        if let tlsProblem { return ended(.failed, ExitStatus.failed.exitCode, tlsProblem, retryable: false) }

        let request: HTTPClientRequest
        do {
            request = try makeRequest(http, values: values, shownURL: shownURL)
        } catch let error as StepTemplateError {
            return ended(
                .failed, ExitStatus.failed.exitCode, "The request could not be made: \(error)", retryable: false)
        } catch {
            return ended(.failed, ExitStatus.failed.exitCode, "\(error)", retryable: false)
        }

        let client = self.client
        let limit = configuration.maximumBodyBytes
        let race = await InProcessAttempts.race(
            timeoutSeconds: invocation.step.timeoutSeconds, clock: clock, stopSignal: stopSignal
        ) { () async -> Result<Answer, any Error> in
            do {
                return .success(try await Self.exchange(request, client: client, limit: limit))
            } catch {
                return .failure(error)
            }
        }
        switch race {
        case .stopped:
            return ended(
                .stopped, ExitStatus.stopped.exitCode, "Stopped on request while waiting for \(what).", request: .stop)
        case .timedOut:
            let seconds = InProcessAttempts.seconds(invocation.step.timeoutSeconds ?? 0)
            logger.warning(
                "HTTP step timed out", metadata: ["batchwire.request": "\(what)", "batchwire.attempt": "\(number)"])
            return ended(
                .failed, ExitStatus.failed.exitCode, "Timed out after \(seconds) s waiting for \(what).",
                request: .timeout)
        case .finished(.failure(let error)):
            logger.warning(
                "HTTP step request failed",
                metadata: [
                    "batchwire.request": "\(what)", "batchwire.error": "\(error)", "batchwire.attempt": "\(number)",
                ])
            return ended(.failed, ExitStatus.failed.exitCode, "\(what) failed: \(Self.describe(error)).")
        case .finished(.success(let answer)):
            let bodyText = Self.prefix(answer.body)
            logger.info(
                "HTTP step answered",
                metadata: [
                    "batchwire.request": "\(what)", "batchwire.status": "\(answer.status)",
                    "batchwire.attempt": "\(number)", "batchwire.body": "\(bodyText)",
                ])
            let summary = "HTTP \(answer.status) from \(what)"
            let description =
                bodyText.isEmpty ? summary + "." : summary + ".\n--- response body (start) ---\n" + bodyText
            guard http.accepts(status: answer.status) else {
                let expected = http.expect.isEmpty ? "any 2xx" : http.expect.map(String.init).joined(separator: ", ")
                return ended(
                    .failed, ExitStatus.failed.exitCode,
                    "HTTP \(answer.status) from \(what) (expected \(expected))"
                        + (bodyText.isEmpty ? "." : ".\n--- response body (start) ---\n" + bodyText))
            }
            let reply = StepReply(answer.body, exitCodes: invocation.step.exitCodes, previous: context)
            if let problem = reply.problem {
                return ended(
                    .failed, ExitStatus.failed.exitCode,
                    "\(summary), but \(problem).\n--- response body (start) ---\n"
                        + bodyText, retryable: false)
            }
            let status = reply.exit?.status ?? .completed
            let exitCode = reply.exit?.exitCode ?? reply.exitCodeText ?? status.rawValue
            return ended(status, exitCode, description, context: reply.context)
        }
    }

    /// The request with its placeholders filled in.
    private func makeRequest(
        _ http: HTTPStepDefinition, values: StepTemplateValues, shownURL: String
    ) throws -> HTTPClientRequest {
        let url = try values.render(http.url)
        let lowered = url.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://"), URL(string: url)?.host != nil else {
            throw HTTPStepError(.invalidURL, "the URL \(shownURL) is not an http:// or https:// URL with a host")
        }
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: http.method)
        for header in http.headers {
            request.headers.add(name: header.name, value: try values.render(header.value))
        }
        if let body = http.body {
            request.body = .bytes(ByteBuffer(string: try values.render(body)))
        }
        if lowered.hasPrefix("https://") { request.tlsConfiguration = tls }
        return request
    }

    /// Sends the request and reads the status and up to `limit` bytes of the body.
    static func exchange(_ request: HTTPClientRequest, client: HTTPClient, limit: Int) async throws -> Answer {
        let response = try await client.execute(request, deadline: .distantFuture)
        var body: [UInt8] = []
        for try await chunk in response.body {
            body += chunk.readableBytesView.prefix(limit - body.count)
            if body.count >= limit { break }
        }
        return Answer(status: Int(response.status.code), body: body)
    }

    /// The first 2,500 characters of a body, as text.
    static func prefix(_ body: [UInt8]) -> String {
        String(
            String(decoding: body.prefix(4 * ExitStatus.maxDescriptionLength), as: UTF8.self)
                .prefix(ExitStatus.maxDescriptionLength))
    }

    /// A client error in words.
    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return "no connection within the connect timeout"
            case .redirectLimitReached: return "more than 5 redirects"
            case .redirectCycleDetected: return "the redirects went round in a cycle"
            case .remoteConnectionClosed: return "the server closed the connection"
            default: return "\(error)"
            }
        }
        return "\(error)"
    }

    /// The TLS settings of the configuration, or `nil` for the client's defaults.
    static func tlsConfiguration(_ configuration: HTTPStepConfiguration) throws(HTTPStepError) -> TLSConfiguration? {
        guard configuration.hasCustomTLS else { return nil }
        var tls = TLSConfiguration.makeClientConfiguration()
        do {
            if let caFile = configuration.caFile {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
            }
            if let certificateFile = configuration.certificateFile {
                guard let keyFile = configuration.keyFile else {
                    throw HTTPStepError(.tls, "an http client certificate needs its key file too")
                }
                tls.certificateChain = try NIOSSLCertificate.fromPEMFile(certificateFile).map { .certificate($0) }
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: keyFile, format: .pem))
            }
        } catch let error as HTTPStepError {
            throw error
        } catch {
            throw HTTPStepError(
                .tls, "the http TLS files could not be read (\(error)); check the CA, certificate and key paths")
        }
        return tls
    }
}
