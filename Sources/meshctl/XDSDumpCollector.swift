import Foundation
import Shared
import Synchronization
import XDS

/// Decodes what `meshctl xds dump` receives into one line per resource.
final class XDSDumpCollector: XDSTypeHandler, Sendable {
  let typeURL: String
  let lines = Mutex<[String: String]>([:])
  init(_ typeURL: String) { self.typeURL = typeURL }

  func apply(upserts: [ReceivedResource], removals: [String]) async -> [String: String] {
    var rejected: [String: String] = [:]
    var decoded: [String: String] = [:]
    for r in upserts {
      do {
        decoded[r.name] = try describe(r)
      } catch {
        rejected[r.name] = "\(error)"
      }
    }
    lines.withLock { l in
      l.merge(decoded) { _, new in new }
      for name in removals { l[name] = nil }
    }
    return rejected
  }

  private func describe(_ r: ReceivedResource) throws -> String {
    if typeURL == XDSTypeURL.authorization {
      let p = try AuthorizationPolicy(wire: try Istio_Security_Authorization(serializedBytes: r.payload))
      return "policy    \(p.key) \(p.action.rawValue) scope=\(p.scope.rawValue) rules=\(p.rules.count)"
    }
    switch try MeshAddress(wire: try Istio_Workload_Address(serializedBytes: r.payload), resourceName: r.name) {
    case .workload(let w):
      return "workload  \(w.uid) \(w.addresses.map(\.description).joined(separator: ",")) node=\(w.node) "
        + "sa=\(w.serviceAccount) tunnel=\(w.tunnelProtocol.rawValue)"
    case .service(let s):
      return
        "service   \(s.resourceName) \(s.addresses.map(\.description).joined(separator: ",")) ports=\(s.ports.count)"
    }
  }
}
