import Kube
import Shared

/// Why a pod is or is not in the ambient mesh, in the words a user needs to change it. Mirrors
/// `AmbientEnrollment` (the rule the control plane and ztunnel apply) branch by branch.
public struct EnrollmentExplanation: Sendable, Hashable {
  public var enrolled: Bool
  public var reason: String

  public init(pod: Pod, namespace: Namespace?, rootNamespace: String = MeshDefaults.rootNamespace) {
    let key = MeshLabels.dataplaneMode
    let ambient = MeshLabels.dataplaneModeAmbient
    if pod.hostNetwork {
      self.init(false, "host-network pods are never captured (their traffic is the node's)")
    } else if AmbientEnrollment.isWaypointPod(pod.labels) {
      self.init(false, "this is a waypoint proxy; waypoints are never captured")
    } else if AmbientEnrollment.isNeverCaptured(
      podNamespace: pod.namespace, podLabels: pod.labels, hostNetwork: false, rootNamespace: rootNamespace)
    {
      self.init(false, "mesh components (\(pod.labels[MeshLabels.app] ?? "")) in \(rootNamespace) are never captured")
    } else if let own = pod.labels[key] {
      switch own {
      case ambient: self.init(true, "the pod's label \(key)=\(ambient)")
      case MeshLabels.dataplaneModeNone: self.init(false, "the pod's label \(key)=none opts it out")
      default:
        self.init(
          false,
          "the pod's label \(key)=\"\(own)\" is neither \"ambient\" nor \"none\" (a typo?); "
            + "fix it with: kubectl label pod -n \(pod.namespace) \(pod.name) \(key)=ambient --overwrite")
      }
    } else if let inherited = namespace?.labels[key] {
      switch inherited {
      case ambient: self.init(true, "namespace \(pod.namespace) has \(key)=\(ambient)")
      case MeshLabels.dataplaneModeNone: self.init(false, "namespace \(pod.namespace) has \(key)=none")
      default:
        self.init(
          false,
          "namespace \(pod.namespace) has \(key)=\"\(inherited)\", which is neither \"ambient\" nor \"none\" "
            + "(a typo?); fix it with: kubectl label namespace \(pod.namespace) \(key)=ambient --overwrite")
      }
    } else {
      self.init(
        false,
        "neither the pod nor namespace \(pod.namespace) has \(key); enroll it with: "
          + "kubectl label namespace \(pod.namespace) \(key)=ambient")
    }
  }

  init(_ enrolled: Bool, _ reason: String) {
    self.enrolled = enrolled
    self.reason = reason
  }
}
