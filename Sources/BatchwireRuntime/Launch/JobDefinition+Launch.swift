import BatchwireCore
import Foundation

extension JobDefinition {
    /// The parameters the job file declares, typed, in file order.
    /// - Throws: `JobParameterError` when a value does not fit its type.
    public func defaultParameters() throws -> JobParameters {
        var parameters = JobParameters()
        for definition in self.parameters {
            let type = definition.type.replacingOccurrences(of: "-", with: "")
            let (name, parameter) = try JobParameters.parseArgument(
                "\(definition.name)(\(type),\(definition.identifying))=\(definition.value)")
            parameters[name] = parameter
        }
        return parameters
    }

    /// `parameters` over the declared defaults: a declared parameter that `parameters` lacks is added.
    public func withDefaults(_ parameters: JobParameters) throws -> JobParameters {
        var merged = parameters
        for (name, parameter) in try defaultParameters() where merged[name] == nil {
            merged[name] = parameter
        }
        return merged
    }

    /// The job's inputs and outputs as event lineage.
    public var lineage: EventLineage {
        EventLineage(
            inputs: inputs.map { EventDataset(namespace: $0.namespace, name: $0.name) },
            outputs: outputs.map { EventDataset(namespace: $0.namespace, name: $0.name) })
    }

    /// The incrementer the job file names; `nil` for `none`.
    public var defaultIncrementer: (any JobParametersIncrementer)? {
        switch incrementer {
        case .runID: RunIDIncrementer()
        case .sequence: SequenceIncrementer()
        case .fireTime: FireTimeIncrementer()
        case .none: nil
        }
    }
}
