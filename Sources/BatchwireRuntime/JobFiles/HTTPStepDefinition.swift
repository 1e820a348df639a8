/// The `http:` settings of a step: one HTTP request per attempt, made in process.
///
/// ```yaml
/// http:
///   url: http://127.0.0.1:8080/hooks/done
///   method: POST                    # default GET
///   headers: {Content-Type: application/json, Authorization: "Bearer ${file:/etc/batchwire/token}"}
///   body: '{"job":"${job.name}"}'
///   expect: [200, 204]              # default: any 2xx
/// ```
public struct HTTPStepDefinition: Sendable, Hashable {
    /// One request header; its value may read a file (`${file:/path}`).
    public struct Header: Sendable, Hashable {
        /// The header's name, e.g. `Authorization`.
        public var name: String
        /// The header's value.
        public var value: StepTemplate

        /// A header.
        public init(name: String, value: StepTemplate) {
            self.name = name
            self.value = value
        }
    }

    /// The methods a job file may name.
    public static let methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    /// The URL, `http://` or `https://`.
    public var url: StepTemplate
    /// The method, upper case (default `GET`).
    public var method: String = "GET"
    /// The request headers, in file order.
    public var headers: [Header] = []
    /// The request body, if any.
    public var body: StepTemplate?
    /// The status codes that complete the step; empty means any 2xx.
    public var expect: [Int] = []

    /// Settings for a GET of `url`.
    public init(url: StepTemplate) {
        self.url = url
    }

    /// Whether `status` completes the step.
    public func accepts(status: Int) -> Bool {
        expect.isEmpty ? (200...299).contains(status) : expect.contains(status)
    }
}
