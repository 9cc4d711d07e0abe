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

  /// Services with a selector, by namespace and then by one `key=value` of their selector: a pod
  /// only checks the services filed under one of its own labels, not every service in its namespace
  /// (10,000 pods × 100 services would otherwise be a million selector checks per translation).
  private let selectingServices: [String: [String: [Member]]]
  /// Selector-less Services by `namespace/pod` their EndpointSlices point at.
  private let slicedServices: [String: [Member]]
  /// Slices by `namespace/service-name`.
  private let slicesByService: [String: [EndpointSlice]]

  init(services: [KubeService], endpointSlices: [EndpointSlice], builder: ServiceBuilder) {
    self.builder = builder
    var slices: [String: [EndpointSlice]] = [:]
    for slice in endpointSlices {
      guard let name = slice.serviceName else { continue }
      slices["\(slice.namespace)/\(name)", default: []].append(slice)
    }
    slicesByService = slices
    var selecting: [String: [String: [Member]]] = [:]
    var sliced: [String: [Member]] = [:]
    for service in services where ServiceBuilder.isTranslated(service) {
      // An empty selector is no selector: Kubernetes leaves such Services' endpoints to the user.
      if let labels = service.selector, let (key, value) = labels.min(by: { $0.key < $1.key }) {
        let member = Member(service: service, selector: LabelSelector(matchLabels: labels))
        selecting[service.namespace, default: [:]]["\(key)=\(value)", default: []].append(member)
        continue
      }
      var pods = Set<String>()
      for slice in slices["\(service.namespace)/\(service.name)"] ?? [] {
        for endpoint in slice.endpoints {
          guard let reference = endpoint.targetRef, reference.kind == "Pod" else { continue }
          pods.insert("\(reference.namespace ?? slice.namespace)/\(reference.name)")
        }
      }
      for pod in pods { sliced[pod, default: []].append(Member(service: service, selector: nil)) }
    }
    selectingServices = selecting
    slicedServices = sliced
  }

  /// `namespace/hostname` → ports, for every service `pod` backs.
  func services(of pod: Pod) -> [String: [ServicePort]] {
    var result: [String: [ServicePort]] = [:]
    let labels = pod.labels
    if let byLabel = selectingServices[pod.namespace] {
      for (key, value) in labels {
        for member in byLabel["\(key)=\(value)"] ?? [] where member.selector?.matches(labels) == true {
          result[builder.key(of: member.service)] = selectedPorts(member.service, pod: pod)
        }
      }
    }
    for member in slicedServices["\(pod.namespace)/\(pod.name)"] ?? [] {
      if let ports = slicePorts(member.service, pod: pod) { result[builder.key(of: member.service)] = ports }
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
