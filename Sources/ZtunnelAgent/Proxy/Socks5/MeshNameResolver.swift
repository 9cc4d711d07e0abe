import MeshStore
import Shared

/// Resolves the names workloads use for Services (`httpbin`, `httpbin.ns`, `httpbin.ns.svc`,
/// `httpbin.ns.svc.cluster.local`) to a Service VIP from the ztunnel's own store, for SOCKS5
/// requests by name. `namespace` is the asking workload's, for the short forms, the same search
/// path Kubernetes puts in a pod's resolv.conf.
enum MeshNameResolver {
  static func resolve(
    _ name: String, from namespace: String?, snapshot: WorkloadSnapshot, clusterDomain: String = "cluster.local"
  ) -> IPAddress? {
    if let ip = try? IPAddress(name) { return ip }
    let trimmed = name.hasSuffix(".") ? String(name.dropLast()) : name
    let labels = trimmed.split(separator: ".").map(String.init)
    var candidates: [(namespace: String, hostname: String)] = []
    switch labels.count {
    case 1:
      if let namespace { candidates.append((namespace, "\(labels[0]).\(namespace).svc.\(clusterDomain)")) }
    case 2:
      candidates.append((labels[1], "\(labels[0]).\(labels[1]).svc.\(clusterDomain)"))
    case 3 where labels[2] == "svc":
      candidates.append((labels[1], "\(labels[0]).\(labels[1]).svc.\(clusterDomain)"))
    default:
      if labels.count >= 2 { candidates.append((labels[1], trimmed)) }
    }
    for candidate in candidates {
      if let service = snapshot.service(named: "\(candidate.namespace)/\(candidate.hostname)"),
        let vip = service.addresses.first
      {
        return vip.address
      }
    }
    return nil
  }
}
