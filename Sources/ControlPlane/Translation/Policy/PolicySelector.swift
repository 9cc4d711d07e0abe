import Kube

/// Which pods a workload-selector policy governs: those in `namespace` (any namespace for a
/// policy in the root namespace, as Istio applies those mesh-wide) whose labels match.
struct PolicySelector: Sendable, Hashable {
  /// Built once: translation checks every pod against every selector policy.
  let labels: LabelSelector
  /// `nil`: every namespace.
  let namespace: String?

  init(matchLabels: [String: String], namespace: String?) {
    labels = LabelSelector(matchLabels: matchLabels)
    self.namespace = namespace
  }

  func selects(_ pod: Pod) -> Bool {
    if let namespace, namespace != pod.namespace { return false }
    return labels.matches(pod.labels)
  }
}
