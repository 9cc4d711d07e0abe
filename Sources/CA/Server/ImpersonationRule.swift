import Shared

/// Istio's rule for node agents asking on behalf of workloads (`ImpersonatedIdentity`): only a
/// trusted node account, only from a pod that exists, and only for a service account that has a
/// pod on that same node. A compromised ztunnel can therefore mint identities of its own node's
/// workloads only. Pure: the caller looks up the pods.
public enum ImpersonationRule {
  public static func decide(
    caller: AuthenticatedCaller, requested: SpiffeIdentity, trustedNodeAccounts: Set<String>,
    callerPod: PodPlacement?, requestedPodsOnCallerNode: [PodPlacement]
  ) throws(CAError) {
    guard trustedNodeAccounts.contains(caller.account) else {
      let allowed = trustedNodeAccounts.sorted().joined(separator: ", ")
      throw CAError(
        .permissionDenied,
        "\(caller.account) may not request certificates for other identities (\(requested)); only node agents "
          + "(\(allowed)) may impersonate")
    }
    guard let podName = caller.podName else {
      throw CAError(
        .permissionDenied,
        "impersonation needs a pod-bound token so the caller's node is known; \(caller.account) sent an unbound one")
    }
    guard let pod = callerPod else {
      throw CAError(.permissionDenied, "caller pod \(caller.namespace)/\(podName) does not exist")
    }
    guard pod.serviceAccount == caller.serviceAccount, pod.namespace == caller.namespace else {
      throw CAError(
        .permissionDenied, "caller pod \(caller.namespace)/\(podName) does not run as \(caller.account)")
    }
    guard !requestedPodsOnCallerNode.isEmpty else {
      throw CAError(
        .permissionDenied,
        "no pod with service account \(requested.namespace)/\(requested.serviceAccount) runs on node "
          + "\"\(pod.nodeName)\" of caller \(caller.namespace)/\(podName)")
    }
  }
}
