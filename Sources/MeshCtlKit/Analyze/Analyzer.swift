import ControlPlane
import Kube
import Shared

/// `meshctl analyze`: the mistakes users make with ambient mesh objects, each with its fix.
///
/// Pure over what was read and what translation makes of it, so each check is a table test. The
/// translation's own diagnostics (what the control plane writes into status) are included, so
/// analyze and `kubectl describe` never disagree.
public enum Analyzer {
  public static func analyze(_ inventory: MeshInventory, snapshot: MeshSnapshot, namespace: String? = nil) -> [Finding]
  {
    var findings: [Finding] = []
    findings += installation(inventory)
    findings += labels(inventory)
    findings += PolicyChecks.findings(inventory)
    findings += gateways(inventory)
    findings += RouteChecks.findings(inventory)
    findings += translation(snapshot)
    // A route or policy explained by a specific check needs no generic "not accepted" line too.
    let specific: Set<Finding.Code> = [.routeBackendMissing, .routeParentMissing, .policyTargetMissing]
    let explained = Set(findings.filter { specific.contains($0.code) }.map(\.object))
    findings.removeAll { $0.code == .invalidObject && explained.contains($0.object) }
    let scoped = namespace.map { ns in
      findings.filter { $0.object.contains(" \(ns)/") || $0.object == "Namespace \(ns)" }
    }
    return Array(Set(scoped ?? findings)).sorted()
  }

  static func installation(_ inventory: MeshInventory) -> [Finding] {
    var findings: [Finding] = []
    if !inventory.missingKinds.isEmpty {
      findings.append(
        Finding(
          .meshNotInstalled, .error, object: "CustomResourceDefinition",
          message: "the cluster does not serve \(inventory.missingKinds.joined(separator: ", ")): "
            + "policies, waypoints and routes of those kinds cannot be created",
          fix: "meshctl install"))
    }
    let hasClass = inventory.gatewayClasses.contains { $0.name == MeshLabels.waypointGatewayClass }
    if !inventory.missingKinds.contains(ResourceType.gatewayClass.qualifiedName), !hasClass {
      findings.append(
        Finding(
          .meshNotInstalled, .warning, object: "GatewayClass \(MeshLabels.waypointGatewayClass)",
          message: "missing: the control plane installs it when it runs, so it is not running or not installed",
          fix: "meshctl install, then: kubectl -n \(inventory.config.rootNamespace) get pods -l app=istiod"))
    }
    return findings
  }

  static func labels(_ inventory: MeshInventory) -> [Finding] {
    var findings: [Finding] = []
    for (name, namespace) in inventory.cluster.namespaces {
      findings += LabelTypos.findings(
        kind: "Namespace", namespace: "", name: name, labels: namespace.labels,
        command: "kubectl label namespace \(name)")
    }
    for pod in inventory.cluster.pods {
      findings += LabelTypos.findings(
        kind: "Pod", namespace: pod.namespace, name: pod.name, labels: pod.labels,
        command: "kubectl label pod -n \(pod.namespace) \(pod.name)")
    }
    for service in inventory.cluster.services {
      findings += LabelTypos.findings(
        kind: "Service", namespace: service.namespace, name: service.name, labels: service.labels,
        command: "kubectl label service -n \(service.namespace) \(service.name)")
    }
    return findings
  }

  static func gateways(_ inventory: MeshInventory) -> [Finding] {
    inventory.waypoints.filter { !$0.isProgrammed }.map { gateway in
      let condition = gateway.conditions.condition("Programmed")
      let why =
        condition.map { "\($0.reason ?? "")\($0.message.map { ": \($0)" } ?? "")" } ?? "no Programmed condition yet"
      return Finding(
        .gatewayNotProgrammed, .error, object: Finding.name("Gateway", gateway.namespace, gateway.name),
        message: "waypoint is not programmed (\(why)); traffic sent to it fails closed",
        fix:
          "kubectl -n \(gateway.namespace) get deployment \(gateway.name) and kubectl -n \(gateway.namespace) describe gateway \(gateway.name)"
      )
    }
  }

  /// Not-accepted objects as the control plane reports them, except what a check above explains better.
  static func translation(_ snapshot: MeshSnapshot) -> [Finding] {
    snapshot.diagnostics.compactMap { diagnostic in
      // L7 attributes at ztunnel are accepted (enforced fail-closed) but almost always a mistake.
      guard !diagnostic.accepted || diagnostic.reason == ObjectDiagnostic.Reason.l7AttributesIgnored else { return nil }
      let object = Finding.name(diagnostic.kind, diagnostic.namespace, diagnostic.name)
      let describe =
        "kubectl describe \(diagnostic.kind.lowercased()) \(diagnostic.namespace.isEmpty ? "" : "-n \(diagnostic.namespace) ")\(diagnostic.name)"
      switch diagnostic.reason {
      case ObjectDiagnostic.Reason.l7AttributesIgnored:
        return Finding(
          .l7RulesWithoutWaypoint, .warning, object: object,
          message:
            "has HTTP rules but no waypoint serves its target, so ztunnel enforces it at L4 only: \(diagnostic.message)",
          fix:
            "meshctl waypoint apply -n \(diagnostic.namespace) --enroll-namespace, then set targetRefs to the Service")
      case ObjectDiagnostic.Reason.waypointNotReady:
        return Finding(
          .waypointMissing, .error, object: object, message: diagnostic.message,
          fix:
            "meshctl waypoint apply -n \(diagnostic.namespace.isEmpty ? diagnostic.name : diagnostic.namespace) (or fix the \(MeshLabels.useWaypoint) label)"
        )
      case ObjectDiagnostic.Reason.invalidValue where diagnostic.kind == "Namespace" || diagnostic.kind == "Pod":
        return nil  // label typos: LabelTypos says the same with the command that fixes it
      default:
        return Finding(
          .invalidObject, .error, object: object, message: "\(diagnostic.reason): \(diagnostic.message)", fix: describe)
      }
    }
  }
}
