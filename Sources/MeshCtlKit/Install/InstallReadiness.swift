import Kube

/// Whether an installed mesh is up: the control plane Deployment has its replicas available and
/// the ztunnel DaemonSet is ready on every node it is scheduled to. Pure over the two objects.
public struct InstallReadiness: Sendable, Hashable {
  public var ready: Bool
  /// What is still missing, e.g. `istiod 1/2 available`.
  public var waitingFor: [String]

  public init(controlPlane: KubeObject?, ztunnel: KubeObject?) {
    var waiting: [String] = []
    if let controlPlane {
      let want = controlPlane.spec?["replicas"]?.intValue ?? 1
      let have = controlPlane.status?["availableReplicas"]?.intValue ?? 0
      if have < want { waiting.append("istiod \(have)/\(want) available") }
    } else {
      waiting.append("istiod Deployment missing")
    }
    if let ztunnel {
      let want = ztunnel.status?["desiredNumberScheduled"]?.intValue ?? 0
      let have = ztunnel.status?["numberReady"]?.intValue ?? 0
      if want == 0 || have < want { waiting.append("ztunnel \(have)/\(want) ready") }
    } else {
      waiting.append("ztunnel DaemonSet missing")
    }
    ready = waiting.isEmpty
    waitingFor = waiting
  }
}
