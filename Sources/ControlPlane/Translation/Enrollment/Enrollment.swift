import Kube
import Shared

/// Who is in the ambient mesh (wire-facts §7): decided from `istio.io/dataplane-mode` on the
/// Pod (which wins) or its Namespace, minus the pods that must never be captured.
enum Enrollment {
  /// The mesh's own components, found in the root namespace by their `app` label: capturing
  /// them would loop ztunnel's and the control plane's traffic back into ztunnel.
  static let meshComponentApps = AmbientEnrollment.meshComponentApps

  static let acceptedModes = [MeshLabels.dataplaneModeAmbient, MeshLabels.dataplaneModeNone]

  /// Whether `pod` is enrolled: its own label is `ambient`, or it has none and its namespace's is.
  /// Any other value (`none`, a typo) keeps it out: enrolling on a guess would change the
  /// traffic of pods whose owner asked for something else.
  static func isEnrolled(_ pod: Pod, namespace: Namespace?, config: MeshConfig) -> Bool {
    AmbientEnrollment.isEnrolled(
      podNamespace: pod.namespace, podLabels: pod.labels, hostNetwork: pod.hostNetwork,
      namespaceLabels: namespace?.labels, rootNamespace: config.rootNamespace)
  }

  /// Pods whose traffic cannot or must not be captured, whatever their labels say.
  static func isNeverCaptured(_ pod: Pod, config: MeshConfig) -> Bool {
    AmbientEnrollment.isNeverCaptured(
      podNamespace: pod.namespace, podLabels: pod.labels, hostNetwork: pod.hostNetwork,
      rootNamespace: config.rootNamespace)
  }

  static func isWaypointPod(_ labels: [String: String]) -> Bool { AmbientEnrollment.isWaypointPod(labels) }

  /// A diagnostic for a Namespace or Pod whose `istio.io/dataplane-mode` is neither `ambient`
  /// nor `none`; `nil` when the label is absent or valid.
  static func labelDiagnostic(
    kind: String, namespace: String, name: String, labels: [String: String]
  )
    -> ObjectDiagnostic?
  {
    guard let value = labels[MeshLabels.dataplaneMode], !acceptedModes.contains(value) else { return nil }
    let effect =
      kind == "Pod"
      ? "the pod is not enrolled in the mesh"
      : "pods of this namespace without a label of their own are not enrolled in the mesh"
    return ObjectDiagnostic(
      kind: kind, namespace: namespace, name: name, accepted: false, reason: ObjectDiagnostic.Reason.invalidValue,
      message:
        "metadata.labels[\(MeshLabels.dataplaneMode)]: \"\(value)\" is not one of "
        + "\(acceptedModes.map { "\"\($0)\"" }.joined(separator: ", ")); \(effect)")
  }
}
