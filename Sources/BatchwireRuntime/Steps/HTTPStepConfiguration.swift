/// Settings shared by every `http` step an ``HTTPStepRunner`` runs: TLS and limits. No secret lives here, only
/// the paths of the files that hold them.
///
/// The shared client follows up to 5 redirects (no cycles) and waits up to 10 s for a connection; the step's
/// `timeout` bounds the whole call.
public struct HTTPStepConfiguration: Sendable {
    /// A PEM file of the CAs that sign the servers' certificates; `nil` for the system's CAs.
    public var caFile: String?
    /// A PEM client certificate (chain) presented to servers that ask for one; needs ``keyFile``.
    public var certificateFile: String?
    /// The PEM private key of ``certificateFile``.
    public var keyFile: String?
    /// The most of a response body that is read (default 1 MiB); the rest is dropped.
    public var maximumBodyBytes = 1 << 20

    /// The defaults: the system's CAs, no client certificate.
    public init() {}

    /// Whether the TLS settings differ from the defaults.
    var hasCustomTLS: Bool { caFile != nil || certificateFile != nil || keyFile != nil }
}
