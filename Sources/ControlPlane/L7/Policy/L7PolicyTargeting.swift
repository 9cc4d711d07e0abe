import Kube
import Shared

/// Which waypoint-served Services an Istio policy (AuthorizationPolicy, RequestAuthentication)
/// applies to:
/// - `targetRefs`: a `Service` (its own namespace), the waypoint `Gateway` (every Service it
///   serves) or, from the root namespace, the `istio-waypoint` GatewayClass (every waypoint);
/// - a `selector`: the Services whose pods it selects (in its namespace, or any in the root
///   namespace), so that a policy written for the pods is enforced where their L7 traffic is seen;
/// - neither: every Service of its namespace, or of the mesh from the root namespace.
struct L7PolicyTargeting: Sendable {
  let config: MeshConfig
  /// Pods by namespace.
  let pods: [String: [Pod]]

  /// Target kinds this mesh attaches policies to; others are reported.
  static func unsupportedTargets(_ refs: [PolicyTargetReference]) -> [String] {
    refs.enumerated().compactMap { index, ref in
      switch (ref.group, ref.kind) {
      case ("", "Service"), ("core", "Service"), (ParentReference.defaultGroup, "Gateway"),
        (ParentReference.defaultGroup, "GatewayClass"):
        return nil
      default:
        return "spec.targetRefs[\(index)]: \(ref.group.isEmpty ? "" : "\(ref.group)/")\(ref.kind) is not a "
          + "supported target (Service, gateway.networking.k8s.io/Gateway or GatewayClass)"
      }
    }
  }

  func applies(
    namespace: String, targetRefs: [PolicyTargetReference], selector: [String: String]?, to binding: WaypointBinding
  ) -> Bool {
    let inRoot = namespace == config.rootNamespace
    let service = binding.service
    if !targetRefs.isEmpty {
      return targetRefs.contains { ref in
        let refNamespace = ref.namespace ?? namespace
        switch (ref.group, ref.kind) {
        case ("", "Service"), ("core", "Service"):
          return ref.name == service.name && refNamespace == service.namespace
        case (ParentReference.defaultGroup, "Gateway"):
          return "\(refNamespace)/\(ref.name)" == binding.waypointKey
        case (ParentReference.defaultGroup, "GatewayClass"):
          return inRoot && ref.name == MeshLabels.waypointGatewayClass
        default:
          return false
        }
      }
    }
    guard inRoot || namespace == service.namespace else { return false }
    guard let selector, !selector.isEmpty else { return true }
    guard let serviceSelector = service.selector, !serviceSelector.isEmpty else { return false }
    if selector.allSatisfy({ serviceSelector[$0.key] == $0.value }) { return true }
    return (pods[service.namespace] ?? []).contains { pod in
      let labels = pod.labels
      return serviceSelector.allSatisfy { labels[$0.key] == $0.value }
        && selector.allSatisfy { labels[$0.key] == $0.value }
    }
  }
}
