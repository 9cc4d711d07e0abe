import Logging
import Shared
import SwiftProtobuf
import XDS

/// Feeds `mesh.waypoint.v1.WaypointService` pushes into the store. A resource that cannot be
/// decoded is rejected whole (NACKed with the field at fault) and the Service keeps its previous
/// configuration: serving part of a Service's policies could let through what the rest denies.
public struct WaypointServiceHandler: XDSTypeHandler {
  public static let typeURL = XDSTypeURL.waypointService

  let store: WaypointServiceStore
  let logger: Logger

  public init(store: WaypointServiceStore, logger: Logger) {
    self.store = store
    self.logger = logger
  }

  public func apply(upserts: [ReceivedResource], removals: [String]) async -> [String: String] {
    var compiled: [CompiledService] = []
    var rejected: [String: String] = [:]
    for resource in upserts {
      do {
        let wire = try Mesh_Waypoint_V1_WaypointService(serializedBytes: resource.payload)
        let service = CompiledService(try L7Service(wire: wire))
        guard service.key == resource.name else {
          rejected[resource.name] = "service key \"\(service.key)\" differs from the resource name"
          continue
        }
        for problem in service.problems {
          logger.warning(
            "waypoint configuration problem",
            metadata: ["xds.resource": "\(resource.name)", "waypoint.problem": "\(problem)"])
        }
        compiled.append(service)
      } catch let error as WireDecodingError {
        rejected[resource.name] = error.description
      } catch {
        rejected[resource.name] = "payload is not a mesh.waypoint.v1.WaypointService: \(error)"
      }
    }
    store.apply(upserts: compiled, removals: removals)
    for (name, reason) in rejected.sorted(by: { $0.key < $1.key }) {
      logger.warning("rejected waypoint resource", metadata: ["xds.resource": "\(name)", "xds.reason": "\(reason)"])
    }
    return rejected
  }
}
