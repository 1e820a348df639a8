import BatchwireCore
import Foundation

/// What the OpenLineage events of one execution share but only its ``JobCreatedEvent`` carries:
/// the lineage, the nominal (fire) time and the parent run.
///
/// ``OpenLineageEventBuilder`` is stateless: whoever builds the lineage event of a status change
/// passes this context, usually made from the execution's created event (the outbox keeps it as the
/// execution's first event), or from the job definition when the created event is gone.
public struct OpenLineageRunContext: Sendable, Hashable {
    /// Inputs and outputs.
    public var lineage: EventLineage
    /// The scheduled instant, for scheduled runs (the `nominalTime` facet).
    public var nominalTime: Date?
    /// The parent run, if any (the `parent` facet).
    public var parent: EventParentRun?

    /// A context.
    ///
    /// - Parameters:
    ///   - lineage: inputs and outputs.
    ///   - nominalTime: the scheduled instant, if any.
    ///   - parent: the parent run, if any.
    public init(lineage: EventLineage = .none, nominalTime: Date? = nil, parent: EventParentRun? = nil) {
        self.lineage = lineage
        self.nominalTime = nominalTime
        self.parent = parent
    }

    /// The context an execution's created event gives.
    public init(created: JobCreatedEvent) {
        self.init(lineage: created.lineage, nominalTime: created.fireTime, parent: created.parent)
    }
}
