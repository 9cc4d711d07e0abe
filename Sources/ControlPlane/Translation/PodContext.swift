import Kube
import Shared

/// Everything one pod's translation reads besides the pod: built once per translation.
struct PodContext {
  let config: MeshConfig
  let namespaces: [String: Namespace]
  let namespaceChoices: [String: WaypointChoice]
  let waypoints: WaypointResolver
  let selectorPolicies: [(key: String, selector: PolicySelector)]
  let peerAuthentication: PeerAuthenticationConverter
  let membership: ServiceMembership
  let workloadBuilder: WorkloadBuilder

  /// The pod's workload (nil when it is not sent), its diagnostics and the converted
  /// PeerAuthentication policy it lists.
  func translate(_ pod: Pod) -> TranslationMemo.PodOutcome {
    var outcome = TranslationMemo.PodOutcome(resourceVersion: pod.resourceVersion)
    let labels = pod.labels
    if let diagnostic = Enrollment.labelDiagnostic(
      kind: "Pod", namespace: pod.namespace, name: pod.name, labels: labels)
    {
      outcome.diagnostics.append(diagnostic)
    }
    let ownChoice = WaypointChoice(labels: labels, ownNamespace: pod.namespace)
    if let problem = waypoints.problem(with: ownChoice) {
      outcome.diagnostics.append(
        MeshTranslator.waypointDiagnostic(kind: "Pod", namespace: pod.namespace, name: pod.name, problem))
    }
    guard WorkloadBuilder.isSent(pod), !WorkloadBuilder.addresses(of: pod).isEmpty else { return outcome }

    let enrolled = Enrollment.isEnrolled(pod, namespace: namespaces[pod.namespace], config: config)
    var policyKeys = selectorPolicies.filter { $0.selector.selects(pod) }.map(\.key)
    if enrolled, let converted = peerAuthentication.policy(for: pod) {
      outcome.converted = converted
      policyKeys.append(converted.key)
    }
    // A waypoint's own pods must never be sent to a waypoint: that would loop.
    let waypoint =
      Enrollment.isWaypointPod(labels)
      ? nil
      : waypoints.address(for: ownChoice.orElse(namespaceChoices[pod.namespace] ?? .unset), target: .workload)
    outcome.workload = workloadBuilder.build(
      pod, enrolled: enrolled, services: membership.services(of: pod), waypoint: waypoint, policies: policyKeys)
    return outcome
  }
}
