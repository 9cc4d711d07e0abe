import Foundation
import Shared
import Synchronization
import SwiftProtobuf
import XDS

/// What a ztunnel would hold: every Address and Authorization pushed to it, decoded.
final class XDSView: Sendable {
  final class Addresses: XDSTypeHandler {
    let held = Mutex<[String: MeshAddress]>([:])

    func apply(upserts: [ReceivedResource], removals: [String]) async -> [String: String] {
      var rejected: [String: String] = [:]
      var decoded: [String: MeshAddress] = [:]
      for resource in upserts {
        do {
          decoded[resource.name] = try MeshAddress(
            wire: try Istio_Workload_Address(serializedBytes: resource.payload), resourceName: resource.name)
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
  }

  final class Policies: XDSTypeHandler {
    let held = Mutex<[String: AuthorizationPolicy]>([:])

    func apply(upserts: [ReceivedResource], removals: [String]) async -> [String: String] {
      var rejected: [String: String] = [:]
      var decoded: [String: AuthorizationPolicy] = [:]
      for resource in upserts {
        do {
          decoded[resource.name] = try AuthorizationPolicy(
            wire: try Istio_Security_Authorization(serializedBytes: resource.payload))
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
  }

  let addresses = Addresses()
  let policies = Policies()
  let waypoints = WaypointServiceView()

  func workload(namespace: String, name: String) -> Workload? {
    let uid = Workload.podUID(cluster: MeshDefaults.clusterID, namespace: namespace, name: name)
    guard case .workload(let workload) = addresses.held.withLock({ $0[uid] }) else { return nil }
    return workload
  }

  func service(namespace: String, hostname: String) -> Service? {
    guard case .service(let service) = addresses.held.withLock({ $0["\(namespace)/\(hostname)"] }) else { return nil }
    return service
  }

  func policy(_ key: String) -> AuthorizationPolicy? { policies.held.withLock { $0[key] } }
}
