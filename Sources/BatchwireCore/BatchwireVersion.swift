/// The release of Batchwire this build is: what `batchwire --version` prints, nodes announce, and
/// OpenLineage events name as their producer. The one place to change at a release.
public enum BatchwireVersion {
    /// The version, semantic-versioning style.
    public static let current = "0.1.0"
}
