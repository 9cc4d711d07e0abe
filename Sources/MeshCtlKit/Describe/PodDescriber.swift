import ControlPlane
import Kube
import Shared

/// Builds a `PodDescription` from what meshctl read and what the control plane's translation makes
/// of it. Pure: the command fetches, this decides.
public enum PodDescriber {
  /// A pod by namespace and name, as `--from` names it.
  public struct PodRef: Sendable, Hashable {
    public var namespace: String
    public var name: String
    public init(namespace: String, name: String) {
      self.namespace = namespace
      self.name = name
    }
  }

  public static func describe(
    _ target: PodRef, inventory: MeshInventory, snapshot: MeshSnapshot, from source: PodRef? = nil, port: Int? = nil
  ) throws(MeshCtlError) -> PodDescription {
    let pod = try find(target, in: inventory)
    let namespace = inventory.cluster.namespaces[pod.namespace]
    let enrollment = EnrollmentExplanation(
      pod: pod, namespace: namespace, rootNamespace: inventory.config.rootNamespace)
    // Every pod is a workload on the wire (so ztunnels can reach it); policies govern enrolled ones.
    let wire = snapshot.workloads.first { $0.namespace == pod.namespace && $0.name == pod.name }
    let workload = enrollment.enrolled ? wire : nil
    let ztunnel = pod.nodeName.flatMap(inventory.ztunnel(onNode:))
    let services = snapshot.services.filter { wire?.services[$0.resourceName] != nil }
    var description = PodDescription(
      namespace: pod.namespace, name: pod.name, node: pod.nodeName, podIP: pod.podIP, phase: pod.phase,
      enrollment: enrollment,
      captured: pod.annotations[MeshLabels.redirectionAnnotation] == MeshLabels.redirectionEnabled,
      identity: (try? workload?.identity(defaultTrustDomain: inventory.config.trustDomain))?.uri,
      ztunnel: ztunnel.map { "\($0.namespace)/\($0.name)" }, ztunnelReady: ztunnel?.isReady ?? false,
      waypoints: waypoints(workload: workload, services: services, inventory: inventory),
      services: services.map { service in
        let ports = (wire?.services[service.resourceName] ?? []).map { "\($0.servicePort)->\($0.targetPort)" }
        return "\(service.namespace)/\(service.name) (\(ports.joined(separator: ", ")))"
      },
      policies: policies(workload: workload, services: services, snapshot: snapshot),
      problems: snapshot.diagnostics.filter { diagnostic in
        !diagnostic.accepted
          && ((diagnostic.kind == "Pod" && diagnostic.namespace == pod.namespace && diagnostic.name == pod.name)
            || (diagnostic.kind == "Namespace" && diagnostic.name == pod.namespace))
      }
      .map(\.description))
    if let source {
      description.verdict = try verdict(
        from: source, to: pod, workload: workload, port: port, waypoints: description.waypoints, inventory: inventory,
        snapshot: snapshot)
    }
    return description
  }

  /// A captured pod's workload: only its connections carry a mesh identity (HBONE).
  static func capturedWorkload(of pod: Pod, in snapshot: MeshSnapshot) -> Workload? {
    snapshot.workloads.first { $0.namespace == pod.namespace && $0.name == pod.name && $0.tunnelProtocol == .hbone }
  }

  static func find(_ ref: PodRef, in inventory: MeshInventory) throws(MeshCtlError) -> Pod {
    guard let pod = inventory.pod(namespace: ref.namespace, name: ref.name) else {
      let others = inventory.cluster.pods.filter { $0.namespace == ref.namespace }.map(\.name).sorted()
      let hint =
        others.isEmpty
        ? "namespace \(ref.namespace) has no pods" : "pods there: \(others.prefix(5).joined(separator: ", "))"
      throw MeshCtlError(
        "pod \(ref.namespace)/\(ref.name) not found (\(hint)); pick one from: kubectl get pods -n \(ref.namespace)")
    }
    return pod
  }

  static func waypoints(
    workload: Workload?, services: [Shared.Service], inventory: MeshInventory
  )
    -> [PodDescription.WaypointUse]
  {
    var uses: [PodDescription.WaypointUse] = []
    func use(_ address: GatewayAddress, by user: String) {
      let gateway = gateway(for: address, in: inventory)
      uses.append(
        PodDescription.WaypointUse(
          gateway: gateway.map { "\($0.namespace)/\($0.name)" } ?? "\(address.destination)", usedBy: user,
          programmed: gateway?.isProgrammed ?? false))
    }
    if let address = workload?.waypoint { use(address, by: "pod") }
    for service in services {
      if let address = service.waypoint { use(address, by: "service \(service.namespace)/\(service.name)") }
    }
    return uses
  }

  /// The Gateway a translated waypoint address stands for: by its status address or its hostname.
  static func gateway(for address: GatewayAddress, in inventory: MeshInventory) -> Gateway? {
    switch address.destination {
    case .address(let network):
      let ip = network.address.description
      return inventory.waypoints.first { $0.statusAddresses.contains { $0.value == ip } }
    case .hostname(let host):
      let name = host.hostname.split(separator: ".").first.map(String.init) ?? host.hostname
      return inventory.waypoints.first { $0.namespace == host.namespace && $0.name == name }
    }
  }

  static func policies(
    workload: Workload?, services: [Shared.Service], snapshot: MeshSnapshot
  )
    -> [PodDescription.PolicyLine]
  {
    guard let workload else { return [] }
    var lines = snapshot.policies.filter { $0.applies(to: workload) }.map { policy in
      PodDescription.PolicyLine(
        key: policy.key, action: policy.action.rawValue.uppercased(), enforcedBy: "ztunnel (L4)",
        scope: policy.scope.rawValue)
    }
    let serviceKeys = Set(services.map(\.resourceName))
    for l7 in snapshot.waypointServices where serviceKeys.contains(l7.key) {
      for policy in l7.policies {
        lines.append(
          PodDescription.PolicyLine(
            key: policy.key, action: policy.action.rawValue,
            enforcedBy: "waypoint \(l7.waypoint) (L7, service \(l7.namespace)/\(l7.name))", scope: "targetRefs"))
      }
    }
    return lines
  }
}
