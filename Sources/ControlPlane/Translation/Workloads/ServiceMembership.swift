import Kube
import Shared

/// Which services each pod backs, and on which ports: `Workload.services`.
///
/// Services with a selector pick pods by label (same namespace), with the target port resolved
/// against the pod's own container ports; selector-less Services are backed by whatever their
/// EndpointSlices point at, with the port numbers the slices give.
struct ServiceMembership: Sendable {
  private let builder: ServiceBuilder
  /// A translated Service with its selector built once (`nil`: selector-less).
  private struct Member: Sendable {
    var service: KubeService
    var selector: LabelSelector?
  }

  /// Translated Services by namespace.
  private let servicesByNamespace: [String: [Member]]
  /// Slices by `namespace/service-name`.
  private let slicesByService: [String: [EndpointSlice]]

  init(services: [KubeService], endpointSlices: [EndpointSlice], builder: ServiceBuilder) {
    self.builder = builder
    var byNamespace: [String: [Member]] = [:]
    for service in services where ServiceBuilder.isTranslated(service) {
      // An empty selector is no selector: Kubernetes leaves such Services' endpoints to the user.
      let selector = service.selector.flatMap { $0.isEmpty ? nil : LabelSelector(matchLabels: $0) }
      byNamespace[service.namespace, default: []].append(Member(service: service, selector: selector))
    }
    servicesByNamespace = byNamespace
    var slices: [String: [EndpointSlice]] = [:]
    for slice in endpointSlices {
      guard let name = slice.serviceName else { continue }
      slices["\(slice.namespace)/\(name)", default: []].append(slice)
    }
    slicesByService = slices
  }

  /// `namespace/hostname` → ports, for every service `pod` backs.
  func services(of pod: Pod) -> [String: [ServicePort]] {
    var result: [String: [ServicePort]] = [:]
    for member in servicesByNamespace[pod.namespace] ?? [] {
      let ports: [ServicePort]?
      if let selector = member.selector {
        guard selector.matches(pod.labels) else { continue }
        ports = selectedPorts(member.service, pod: pod)
      } else {
        ports = slicePorts(member.service, pod: pod)
      }
      if let ports { result[builder.key(of: member.service)] = ports }
    }
    return result
  }

  /// Ports whose target the pod declares; a named target port the pod lacks is left out rather
  /// than guessed.
  private func selectedPorts(_ service: KubeService, pod: Pod) -> [ServicePort] {
    var ports: [ServicePort] = []
    let spec = pod.podSpec
    for port in service.ports {
      guard let servicePort = UInt16(exactly: port.port), servicePort > 0,
        let resolved = spec.resolve(port.effectiveTargetPort, protocol: port.protocol),
        let target = UInt16(exactly: resolved), target > 0
      else { continue }
      ports.append(ServicePort(servicePort: servicePort, targetPort: target))
    }
    return ports
  }

  /// `nil` when no slice of the Service lists the pod; otherwise the Service's ports matched by
  /// name to the slices' ports.
  private func slicePorts(_ service: KubeService, pod: Pod) -> [ServicePort]? {
    var listed = false
    var ports: [ServicePort] = []
    for slice in slicesByService["\(service.namespace)/\(service.name)"] ?? [] {
      let refersToPod = slice.endpoints.contains { endpoint in
        guard let reference = endpoint.targetRef, reference.kind == "Pod" else { return false }
        return reference.name == pod.name && (reference.namespace ?? slice.namespace) == pod.namespace
      }
      guard refersToPod else { continue }
      listed = true
      let slicePorts = slice.ports
      for port in service.ports {
        guard let servicePort = UInt16(exactly: port.port), servicePort > 0,
          let match = slicePorts.first(where: { ($0.name ?? "") == (port.name ?? "") && $0.protocol == port.protocol }),
          let number = match.port, let target = UInt16(exactly: number), target > 0
        else { continue }
        let entry = ServicePort(servicePort: servicePort, targetPort: target)
        if !ports.contains(entry) { ports.append(entry) }
      }
    }
    // Slices come in no particular order: sort so the result does not depend on it.
    return listed ? ports.sorted { ($0.servicePort, $0.targetPort) < ($1.servicePort, $1.targetPort) } : nil
  }
}
