/// The ambient enrollment rule, in one place for the control plane (which decides what to send)
/// and the ztunnel (which decides what to capture): a pod's own `istio.io/dataplane-mode` wins;
/// without it, its namespace's decides; only `ambient` enrolls (`none` or a typo keeps the pod
/// out: enrolling on a guess would change the traffic of pods whose owner asked for something
/// else). Host-network pods, waypoints and the mesh's own components are never captured.
public enum AmbientEnrollment {
  public static let meshComponentApps: Set<String> = ["ztunnel", "istiod", "controlplane"]

  public static func isEnrolled(
    podNamespace: String, podLabels: [String: String], hostNetwork: Bool, namespaceLabels: [String: String]?,
    rootNamespace: String = MeshDefaults.rootNamespace
  ) -> Bool {
    guard
      !isNeverCaptured(podNamespace: podNamespace, podLabels: podLabels, hostNetwork: hostNetwork, rootNamespace: rootNamespace)
    else { return false }
    if let own = podLabels[MeshLabels.dataplaneMode] { return own == MeshLabels.dataplaneModeAmbient }
    return namespaceLabels?[MeshLabels.dataplaneMode] == MeshLabels.dataplaneModeAmbient
  }

  public static func isNeverCaptured(
    podNamespace: String, podLabels: [String: String], hostNetwork: Bool, rootNamespace: String = MeshDefaults.rootNamespace
  ) -> Bool {
    if hostNetwork || isWaypointPod(podLabels) { return true }
    guard podNamespace == rootNamespace, let app = podLabels[MeshLabels.app] else { return false }
    return meshComponentApps.contains(app)
  }

  /// Pods (and Services) the waypoint controller made for a Gateway.
  public static func isWaypointPod(_ labels: [String: String]) -> Bool {
    labels[MeshLabels.gatewayManaged] != nil || labels[MeshLabels.gatewayName] != nil
  }
}
