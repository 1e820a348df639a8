/// A dataset a job reads or writes, named as OpenLineage names datasets.
public struct EventDataset: Sendable, Hashable, Codable {
    /// Where the dataset lives, e.g. `mysql://orders-db:3306` or `s3://analytics-lake`.
    public var namespace: String
    /// Its name within the namespace, e.g. `shop.orders`.
    public var name: String
    /// OpenLineage dataset facets by facet name (e.g. `schema`, `dataSource`), passed through unchanged.
    /// Each facet should carry `_producer` and `_schemaURL` as OpenLineage requires; `nil` when none.
    public var facets: [String: JSONValue]?

    /// A dataset.
    ///
    /// - Parameters:
    ///   - namespace: where the dataset lives.
    ///   - name: its name within the namespace.
    ///   - facets: OpenLineage dataset facets, if any.
    public init(namespace: String, name: String, facets: [String: JSONValue]? = nil) {
        self.namespace = namespace
        self.name = name
        self.facets = facets
    }
}
