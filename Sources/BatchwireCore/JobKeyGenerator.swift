/// Computes `BATCH_JOB_INSTANCE.JOB_KEY` exactly as Spring Batch's `DefaultJobKeyGenerator` does.
///
/// Names are sorted by UTF-16 code units (Java's `String.compareTo`), non-identifying parameters are
/// skipped, and the pre-image is hashed with MD5 over UTF-8 and written as 32 lowercase hex digits.
/// With no identifying parameters the key is `d41d8cd98f00b204e9800998ecf8427e` (MD5 of "").
public struct JobKeyGenerator: Sendable, Hashable {
    /// Which Spring Batch generation's key format to reproduce.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        /// Spring Batch 5.x: `name={value=…, type=class …, identifying=true};` per parameter.
        case v5
        /// Spring Batch 6.x: `JobParameter{name='…', value=…, type=class …, identifying=true}` per
        /// parameter, no separator. Incompatible with 5.x keys (spring-batch #5283).
        case v6
    }

    /// The key format.
    public var format: Format
    /// The JVM default zone the Java side runs in; it only matters for `java.util.Date` parameters, whose
    /// key rendering is `Date.toString()`.
    public var zone: JavaTimeZone

    /// A generator.
    ///
    /// - Parameters:
    ///   - format: `.v5` (default, Batchwire's target) or `.v6`.
    ///   - zone: the Java zone for `Date` renderings (default UTC).
    public init(format: Format = .v5, zone: JavaTimeZone = .utc) {
        self.format = format
        self.zone = zone
    }

    /// The string that is hashed: useful to explain why two launches map to different instances.
    public func preImage(for parameters: JobParameters) -> String {
        var text = ""
        for name in parameters.namesInJavaOrder {
            guard let parameter = parameters[name], parameter.isIdentifying else { continue }
            switch format {
            case .v5:
                text += name + "=" + parameter.springDescription(zone: zone) + ";"
            case .v6:
                text += parameter.spring6Description(name: name, zone: zone)
            }
        }
        return text
    }

    /// The JOB_KEY: 32 lowercase hex characters.
    public func key(for parameters: JobParameters) -> String {
        MD5.hexDigest(utf8: preImage(for: parameters))
    }
}
