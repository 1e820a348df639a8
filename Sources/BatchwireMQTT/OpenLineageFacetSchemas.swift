/// The `_schemaURL` of each facet Batchwire emits: the facet's `$id` (the versions copied in
/// `shared/spec/openlineage/`) with the pointer to its definition.
enum OpenLineageFacetSchemas {
    static let nominalTime =
        "https://openlineage.io/spec/facets/1-0-1/NominalTimeRunFacet.json#/$defs/NominalTimeRunFacet"
    static let parent = "https://openlineage.io/spec/facets/1-2-0/ParentRunFacet.json#/$defs/ParentRunFacet"
    static let errorMessage =
        "https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet"
    static let jobType = "https://openlineage.io/spec/facets/2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet"
    static let processingEngine =
        "https://openlineage.io/spec/facets/1-1-1/ProcessingEngineRunFacet.json#/$defs/ProcessingEngineRunFacet"
}
