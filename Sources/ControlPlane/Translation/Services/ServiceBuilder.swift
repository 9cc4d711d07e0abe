import Kube
import Shared

/// Kubernetes Services as ztunnel needs them (`istio.workload.Service`): hostname, virtual IPs and
/// ports. Endpoints are not listed here: each workload names the services it backs.
struct ServiceBuilder: Sendable {
  let config: MeshConfig

  /// ExternalName Services are DNS aliases with no address or endpoints to route to.
  static func isTranslated(_ service: KubeService) -> Bool { service.type != "ExternalName" }

  func hostname(name: String, namespace: String) -> String {
    "\(name).\(namespace).svc.\(config.domainSuffix)"
  }

  /// `namespace/hostname`: the xDS name, and the key workloads use in `services`.
  func key(of service: KubeService) -> String {
    "\(service.namespace)/\(hostname(name: service.name, namespace: service.namespace))"
  }

  /// The mesh model of `service` (`nil` for ExternalName), with `waypoint` as resolved by the caller.
  func build(_ service: KubeService, waypoint: GatewayAddress?) -> Shared.Service? {
    guard Self.isTranslated(service) else { return nil }
    var addresses: [NetworkAddress] = []
    if !service.isHeadless {
      for text in service.clusterIPs {
        guard let ip = try? IPAddress(text) else { continue }
        addresses.append(NetworkAddress(network: config.network, address: ip))
      }
    }
    var ports: [ServicePort] = []
    for spec in service.ports {
      guard let servicePort = UInt16(exactly: spec.port), servicePort > 0 else { continue }
      // A named targetPort depends on the pod: each workload carries its own resolution.
      let target = spec.effectiveTargetPort.intValue.flatMap { UInt16(exactly: $0) } ?? 0
      ports.append(ServicePort(servicePort: servicePort, targetPort: target))
    }
    return Shared.Service(
      name: service.name, namespace: service.namespace,
      hostname: hostname(name: service.name, namespace: service.namespace), addresses: addresses, ports: ports,
      subjectAltNames: [], waypoint: waypoint, ipFamilies: Self.ipFamilies(of: service))
  }

  /// From `spec.ipFamilies`: one family is `*_ONLY`, both are `DUAL`; absent leaves it to the agent.
  static func ipFamilies(of service: KubeService) -> IPFamilies {
    let families = Set(
      (service.object.json.value(at: ["spec", "ipFamilies"])?.arrayValue ?? []).compactMap(\.stringValue))
    switch (families.contains("IPv4"), families.contains("IPv6")) {
    case (true, true): return .dual
    case (true, false): return .ipv4Only
    case (false, true): return .ipv6Only
    case (false, false): return .automatic
    }
  }
}
