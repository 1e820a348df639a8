import Foundation

/// Name-based UUIDs, version 5 (SHA-1) of RFC 9562 §5.5: the same namespace and name give the same
/// UUID on every node and in every language (`uuid.uuid5(uuid.NAMESPACE_URL, name)` in Python).
public enum NameBasedUUID {
    /// The RFC's URL namespace, `6ba7b811-9dad-11d1-80b4-00c04fd430c8`.
    public static let urlNamespace = UUID(uuidString: "6ba7b811-9dad-11d1-80b4-00c04fd430c8")!

    /// The version 5 UUID of `name` (UTF-8) in `namespace`.
    ///
    /// - Parameters:
    ///   - namespace: the namespace UUID.
    ///   - name: the name.
    /// - Returns: the UUID (version 5, RFC 9562 variant).
    public static func version5(namespace: UUID, name: String) -> UUID {
        let namespaceBytes = withUnsafeBytes(of: namespace.uuid) { Array($0) }
        var hash = Array(SHA1.digest(namespaceBytes + Array(name.utf8)).prefix(16))
        hash[6] = (hash[6] & 0x0F) | 0x50
        hash[8] = (hash[8] & 0x3F) | 0x80
        return UUID(
            uuid: (
                hash[0], hash[1], hash[2], hash[3], hash[4], hash[5], hash[6], hash[7], hash[8], hash[9], hash[10],
                hash[11], hash[12], hash[13], hash[14], hash[15]
            ))
    }
}
