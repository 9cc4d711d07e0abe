import Kube
import Shared

/// A Service that has a usable waypoint, with what the L7 translation needs to know about it.
struct WaypointBinding: Sendable {
  var service: KubeService
  var hostname: String
  /// `namespace/hostname`.
  var key: String { "\(service.namespace)/\(hostname)" }
  var waypointNamespace: String
  var waypointName: String
  var waypointKey: String { "\(waypointNamespace)/\(waypointName)" }

  /// The names a host in a VirtualService or HTTPRoute may use for this Service: `name`
  /// (in its own namespace), `name.namespace`, `name.namespace.svc` and the FQDN.
  func isNamed(_ host: String, from namespace: String) -> Bool {
    let name = service.name
    let ns = service.namespace
    if host == hostname || host == "\(name).\(ns)" || host == "\(name).\(ns).svc" { return true }
    if host == name { return namespace == ns }
    if host.hasPrefix("*.") {
      let suffix = host.dropFirst(1)
      return hostname.hasSuffix(suffix)
    }
    return host == "*"
  }

  var ports: [L7ServicePort] {
    service.ports.map {
      L7ServicePort(
        port: $0.port, name: $0.name ?? "",
        protocol: L7Protocol.declared(appProtocol: $0.appProtocol, portName: $0.name))
    }
  }
}
