import ControlPlane
import Kube
import Shared

/// Policies that govern nothing: a selector no pod matches, pods outside the mesh (ztunnel
/// enforces only for enrolled pods), or `targetRefs` to objects that do not exist or have no waypoint.
enum PolicyChecks {
  static func findings(_ inventory: MeshInventory) -> [Finding] {
    var findings: [Finding] = []
    let cluster = inventory.cluster
    for policy in cluster.authorizationPolicies {
      findings += selectorFindings(
        kind: "AuthorizationPolicy", namespace: policy.namespace, name: policy.name,
        selector: policy.targetRefs.isEmpty ? policy.selectorMatchLabels : nil, inventory: inventory)
      findings += targetFindings(
        kind: "AuthorizationPolicy", namespace: policy.namespace, name: policy.name, targets: policy.targetRefs,
        inventory: inventory)
    }
    for policy in cluster.peerAuthentications {
      findings += selectorFindings(
        kind: "PeerAuthentication", namespace: policy.namespace, name: policy.name,
        selector: policy.selectorMatchLabels,
        inventory: inventory)
    }
    for policy in cluster.requestAuthentications {
      findings += targetFindings(
        kind: "RequestAuthentication", namespace: policy.namespace, name: policy.name, targets: policy.targetRefs,
        inventory: inventory)
    }
    return findings
  }

  static func selectorFindings(
    kind: String, namespace: String, name: String, selector: [String: String]?, inventory: MeshInventory
  ) -> [Finding] {
    guard let selector, !selector.isEmpty else { return [] }
    let root = inventory.config.rootNamespace
    let candidates = inventory.cluster.pods.filter { namespace == root || $0.namespace == namespace }
    let selected = candidates.filter { pod in selector.allSatisfy { pod.labels[$0.key] == $0.value } }
    let object = Finding.name(kind, namespace, name)
    let labels = selector.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    let scope = namespace == root ? "any namespace" : "namespace \(namespace)"
    if selected.isEmpty {
      return [
        Finding(
          .policySelectsNothing, .warning, object: object,
          message: "its selector \(labels) matches no pod in \(scope), so it has no effect",
          fix:
            "compare with: kubectl get pods \(namespace == root ? "-A" : "-n \(namespace)") -l \(labels) --show-labels")
      ]
    }
    let enrolled = selected.filter { pod in
      AmbientEnrollment.isEnrolled(
        podNamespace: pod.namespace, podLabels: pod.labels, hostNetwork: pod.hostNetwork,
        namespaceLabels: inventory.cluster.namespaces[pod.namespace]?.labels, rootNamespace: root)
    }
    guard enrolled.isEmpty else { return [] }
    let first = selected[0]
    return [
      Finding(
        .policySelectsOutsideMesh, .warning, object: object,
        message:
          "its selector \(labels) matches \(selected.count) pod(s), none in the ambient mesh, so nothing enforces it "
          + "(e.g. \(first.namespace)/\(first.name))",
        fix: "kubectl label namespace \(first.namespace) \(MeshLabels.dataplaneMode)=ambient")
    ]
  }

  static func targetFindings(
    kind: String, namespace: String, name: String, targets: [PolicyTargetReference], inventory: MeshInventory
  ) -> [Finding] {
    let object = Finding.name(kind, namespace, name)
    var findings: [Finding] = []
    for target in targets {
      let targetNamespace = target.namespace ?? namespace
      switch target.kind {
      case "Service":
        guard
          let service = inventory.cluster.services.first(where: {
            $0.namespace == targetNamespace && $0.name == target.name
          })
        else {
          findings.append(
            Finding(
              .policyTargetMissing, .error, object: object,
              message: "targetRefs names Service \(targetNamespace)/\(target.name), which does not exist",
              fix: "kubectl get services -n \(targetNamespace), then fix spec.targetRefs"))
          continue
        }
        if waypointName(of: service, inventory: inventory) == nil {
          findings.append(
            Finding(
              .l7RulesWithoutWaypoint, .error, object: object,
              message:
                "targets Service \(targetNamespace)/\(target.name), which no waypoint serves: the policy is not enforced",
              fix: "meshctl waypoint apply -n \(targetNamespace) --enroll-namespace"))
        }
      case "Gateway":
        if !inventory.cluster.gateways.contains(where: { $0.namespace == targetNamespace && $0.name == target.name }) {
          findings.append(
            Finding(
              .policyTargetMissing, .error, object: object,
              message: "targetRefs names Gateway \(targetNamespace)/\(target.name), which does not exist",
              fix: "meshctl waypoint apply -n \(targetNamespace) --name \(target.name)"))
        }
      default:
        continue
      }
    }
    return findings
  }

  /// The waypoint a Service uses, by its own label or its namespace's (the Gateway must exist),
  /// read as translation reads them.
  static func waypointName(of service: KubeService, inventory: MeshInventory) -> String? {
    let namespaceChoice = inventory.cluster.namespaces[service.namespace].map {
      WaypointChoice(labels: $0.labels, ownNamespace: service.namespace)
    }
    let choice = WaypointChoice(labels: service.labels, ownNamespace: service.namespace).orElse(
      namespaceChoice ?? .unset)
    guard case .gateway(let namespace, let name) = choice else { return nil }
    return inventory.cluster.gateways.contains { $0.namespace == namespace && $0.name == name } ? name : nil
  }
}
