import Foundation
import Hummingbird

/// The JSON body of `POST /api/v1/operations/{verb}`: the fields the verb needs, as the MQTT commands name
/// them (`docs/commands.md`).
///
/// | verb | fields |
/// | --- | --- |
/// | `start` | `job`, `parameters` (Spring's notation, e.g. `["day(localdate)=2026-12-07"]`) |
/// | `start-next` | `job` |
/// | `restart`, `stop`, `abandon` | `executionId` |
/// | `pause` | `schedule` (`job` or `job#name`), `reason` |
/// | `resume` | `schedule` |
struct OperationRequest: Decodable {
    var job: String?
    var parameters: [String]?
    var executionId: Int64?
    var schedule: String?
    var reason: String?

    static func decode(_ body: ByteBuffer) throws(DashboardError) -> OperationRequest {
        guard body.readableBytes > 0 else { return OperationRequest() }
        do {
            return try JSONDecoder().decode(OperationRequest.self, from: Data(body.readableBytesView))
        } catch {
            throw DashboardError(
                .badRequest, "invalidArgument",
                "the body must be a JSON object with job, parameters, executionId, schedule or reason: \(error)")
        }
    }

    func run(_ verb: String, on operations: DashboardOperations) async throws -> DashboardOperations.Result {
        switch verb {
        case "start": return try await operations.start(job: try required(job, "job"), parameters: parameters ?? [])
        case "start-next": return try await operations.startNext(job: try required(job, "job"))
        case "restart": return try await operations.restart(executionId: try required(executionId, "executionId"))
        case "stop": return try await operations.stop(executionId: try required(executionId, "executionId"))
        case "abandon": return try await operations.abandon(executionId: try required(executionId, "executionId"))
        case "pause":
            return try await operations.setPaused(true, selector: try required(schedule, "schedule"), reason: reason)
        case "resume":
            return try await operations.setPaused(false, selector: try required(schedule, "schedule"), reason: nil)
        default:
            throw DashboardError(
                .notFound, "unknownOperation",
                "no operation '\(verb)': use start, start-next, restart, stop, abandon, pause or resume")
        }
    }

    private func required<T>(_ value: T?, _ name: String) throws(DashboardError) -> T {
        guard let value else {
            throw DashboardError(.badRequest, "invalidArgument", "this operation needs \(name) in its JSON body")
        }
        return value
    }
}
