import Shared
import Synchronization
import SwiftProtobuf
import XDS

/// What a waypoint would hold: every `WaypointService` pushed to it, decoded (a resource that does
/// not decode is NACKed, as the waypoint agent would).
final class WaypointServiceView: XDSTypeHandler {
  let held = Mutex<[String: L7Service]>([:])

  func apply(upserts: [ReceivedResource], removals: [String]) async -> [String: String] {
    var rejected: [String: String] = [:]
    var decoded: [String: L7Service] = [:]
    for resource in upserts {
      do {
        decoded[resource.name] = try L7Service(
          wire: try Mesh_Waypoint_V1_WaypointService(serializedBytes: resource.payload))
      } catch {
        rejected[resource.name] = "\(error)"
      }
    }
    held.withLock { held in
      for name in removals { held[name] = nil }
      held.merge(decoded) { _, new in new }
    }
    return rejected
  }

  func service(_ key: String) -> L7Service? { held.withLock { $0[key] } }
}
