@testable import MeshStore
import Shared

@testable import ZtunnelAgent

/// Builders for the walkthrough-like mesh the decision tests use: namespace `apps`, service
/// `httpbin` (VIP 10.96.0.10, port 80 → 8080), a waypoint, and pods on nodes a and b.
enum TestMesh {
  static func ip(_ text: String) -> IPAddress { try! IPAddress(text) }

  static func identity(_ ns: String, _ sa: String) -> SpiffeIdentity {
    try! SpiffeIdentity(trustDomain: "cluster.local", namespace: ns, serviceAccount: sa)
  }

  static let httpbinKey = "apps/httpbin.apps.svc.cluster.local"

  static func pod(
    _ name: String, _ address: String, ns: String = "apps", sa: String? = nil, node: String = "node-a",
    hbone: Bool = true, services: [String: [ServicePort]] = [:], status: WorkloadStatus = .healthy,
    waypoint: GatewayAddress? = nil, policies: [String] = []
  ) -> Workload {
    Workload(
      uid: Workload.podUID(cluster: "Kubernetes", namespace: ns, name: name), name: name, namespace: ns,
      addresses: [ip(address)], tunnelProtocol: hbone ? .hbone : .none, serviceAccount: sa ?? name,
      waypoint: waypoint, node: node, canonicalName: name, canonicalRevision: "v1", workloadName: name,
      services: services, authorizationPolicies: policies, status: status)
  }

  static func service(
    _ name: String = "httpbin", vip: String = "10.96.0.10", ns: String = "apps",
    ports: [ServicePort] = [ServicePort(servicePort: 80, targetPort: 8080)], waypoint: GatewayAddress? = nil,
    loadBalancing: LoadBalancing? = nil
  ) -> Service {
    Service(
      name: name, namespace: ns, hostname: "\(name).\(ns).svc.cluster.local",
      addresses: [NetworkAddress(address: ip(vip))], ports: ports, waypoint: waypoint, loadBalancing: loadBalancing)
  }

  static func snapshot(
    workloads: [Workload] = [], services: [Service] = [], policies: [AuthorizationPolicy] = []
  ) -> WorkloadSnapshot {
    let store = WorkloadStore()
    store.apply(WorkloadStoreUpdate(workloads: workloads, services: services, policies: policies))
    return store.snapshot
  }

  static func hostPort(_ host: String, _ port: Int) -> HostPort { HostPort(host: host, port: port) }
}
