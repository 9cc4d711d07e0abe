import Kube
import Shared

/// One pod as ztunnel sees it (`istio.workload.Workload`). Pods outside the mesh are sent too,
/// as plain-TCP destinations: ztunnel needs them to route to and to apply policy to.
struct WorkloadBuilder: Sendable {
  let config: MeshConfig

  /// Whether `pod` is sent at all: it has an address and neither finished nor is being deleted
  /// (its address may already belong to someone else).
  static func isSent(_ pod: Pod) -> Bool {
    !pod.podIPs.isEmpty && !pod.isTerminal && !pod.isTerminating
  }

  /// Every address the pod reports that reads as an IP.
  static func addresses(of pod: Pod) -> [IPAddress] {
    pod.podIPs.compactMap { try? IPAddress($0) }
  }

  /// The pod's workload: HBONE only once enrolled and captured (annotated by the node agent);
  /// `services`, `waypoint` and `policies` as computed by the caller.
  func build(
    _ pod: Pod, enrolled: Bool, services: [String: [ServicePort]], waypoint: GatewayAddress?, policies: [String]
  ) -> Workload {
    let captured = enrolled && pod.annotations[MeshLabels.redirectionAnnotation] == MeshLabels.redirectionEnabled
    let owner = WorkloadNaming.workload(of: pod)
    return Workload(
      uid: Workload.podUID(cluster: config.clusterID, namespace: pod.namespace, name: pod.name), name: pod.name,
      namespace: pod.namespace, addresses: Self.addresses(of: pod), network: config.network,
      tunnelProtocol: captured ? .hbone : .none, trustDomain: config.trustDomain,
      serviceAccount: pod.serviceAccountName, waypoint: waypoint, node: pod.nodeName ?? "",
      canonicalName: WorkloadNaming.canonicalName(labels: pod.labels, workloadName: owner.name),
      canonicalRevision: WorkloadNaming.canonicalRevision(labels: pod.labels), workloadType: owner.type,
      workloadName: owner.name, services: services, authorizationPolicies: policies.sorted(),
      status: pod.isReady ? .healthy : .unhealthy, clusterID: config.clusterID,
      networkMode: pod.hostNetwork ? .hostNetwork : .standard)
  }
}
