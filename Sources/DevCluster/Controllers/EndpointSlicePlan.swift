import Kube
import Shared

/// The EndpointSlices a selector Service should have, shaped as kube-controller-manager's
/// EndpointSlice controller writes them (the control plane reads them): labels
/// `kubernetes.io/service-name` and `endpointslice.kubernetes.io/managed-by`, a controller
/// reference to the Service, one endpoint per pod with `podIP`, `nodeName`, `targetRef` and
/// ready/serving/terminating conditions, and ports resolved per pod (a named `targetPort` may
/// be a different number on different pods, so pods are grouped into one slice per resolved
/// port set). A Service without matching pods keeps one empty slice, as upstream does. Pure.
public enum EndpointSlicePlan {
  public static let managedByLabel = "endpointslice.kubernetes.io/managed-by"
  public static let managedBy = "endpointslice-controller.k8s.io"

  /// One slice's content: its address family, ports and endpoints.
  public struct Content: Sendable, Hashable {
    public var addressType: String
    public var ports: [EndpointPort]
    public var endpoints: [Endpoint]
  }

  /// Writes that bring `existing` (slices this controller manages for the Service) to `desired`.
  public struct Changes: Sendable, Hashable {
    public var create: [EndpointSlice] = []
    public var update: [EndpointSlice] = []
    public var delete: [String] = []
    public var isEmpty: Bool { create.isEmpty && update.isEmpty && delete.isEmpty }
  }

  /// The slices' contents for `service` given the pods of its namespace; `nil` when the Service
  /// has no selector (its endpoints are managed by hand) or is an ExternalName.
  public static func desired(for service: KubeService, pods: [Pod]) -> [Content]? {
    guard let selector = service.selector, service.type != "ExternalName" else { return nil }
    let publishNotReady = service.object.json.value(at: ["spec", "publishNotReadyAddresses"])?.boolValue ?? false
    var groups: [[EndpointPort]: [Endpoint]] = [:]
    var groupOrder: [[EndpointPort]] = []
    let selected = pods.filter { pod in
      pod.namespace == service.namespace && !selector.isEmpty
        && selector.allSatisfy { pod.labels[$0.key] == $0.value } && !pod.isTerminal
    }
    for pod in selected.sorted(by: { $0.name < $1.name }) {
      let addresses = pod.podIPs.filter { !$0.contains(":") }
      guard let address = addresses.first else { continue }
      let ports: [EndpointPort] = service.ports.compactMap { port in
        guard let number = pod.podSpec.resolve(port.effectiveTargetPort, protocol: port.protocol) else { return nil }
        return EndpointPort(name: port.name ?? "", port: number, protocol: port.protocol, appProtocol: port.appProtocol)
      }
      let ready = publishNotReady || (pod.isReady && !pod.isTerminating)
      let endpoint = Endpoint(
        addresses: [address],
        conditions: EndpointConditions(
          ready: ready, serving: publishNotReady || pod.isReady, terminating: pod.isTerminating),
        targetRef: ObjectReference(kind: "Pod", namespace: pod.namespace, name: pod.name, uid: pod.uid),
        nodeName: pod.nodeName)
      if groups[ports] == nil { groupOrder.append(ports) }
      groups[ports, default: []].append(endpoint)
    }
    if groupOrder.isEmpty { return [Content(addressType: "IPv4", ports: [], endpoints: [])] }
    return groupOrder.map { Content(addressType: "IPv4", ports: $0, endpoints: groups[$0] ?? []) }
  }

  /// Matches existing slices to desired contents by port set; unchanged slices are left alone.
  public static func changes(for service: KubeService, desired: [Content], existing: [EndpointSlice]) -> Changes {
    var changes = Changes()
    var unmatched = existing.sorted { $0.name < $1.name }
    var leftover: [Content] = []
    for content in desired {
      if let index = unmatched.firstIndex(where: { $0.ports == content.ports && $0.addressType == content.addressType }) {
        let slice = unmatched.remove(at: index)
        let wanted = apply(content, to: slice, service: service)
        if wanted != slice { changes.update.append(wanted) }
      } else {
        leftover.append(content)
      }
    }
    for content in leftover {
      if !unmatched.isEmpty {
        changes.update.append(apply(content, to: unmatched.removeFirst(), service: service))
      } else {
        var slice = EndpointSlice(namespace: service.namespace, name: "", serviceName: service.name)
        slice.object.json.setValue(nil, at: ["metadata", "name"])
        slice.object.json.setValue(.string("\(service.name)-"), at: ["metadata", "generateName"])
        changes.create.append(apply(content, to: slice, service: service))
      }
    }
    changes.delete = unmatched.map(\.name)
    return changes
  }

  /// `slice` with the content, labels and owner the controller maintains; other fields kept.
  static func apply(_ content: Content, to slice: EndpointSlice, service: KubeService) -> EndpointSlice {
    var slice = slice
    var labels = service.labels
    labels[EndpointSlice.serviceNameLabel] = service.name
    labels[managedByLabel] = managedBy
    slice.labels = labels
    slice.object.ownerReferences = [OwnerReference(controlledBy: service.object)]
    slice.addressType = content.addressType
    slice.endpoints = content.endpoints
    slice.ports = content.ports
    return slice
  }
}
