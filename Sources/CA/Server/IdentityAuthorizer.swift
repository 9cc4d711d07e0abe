import Shared

/// Decides which identity an authenticated caller may receive a certificate for: its own, or,
/// for node agents, one it impersonates under `ImpersonationRule`.
public struct IdentityAuthorizer: Sendable {
  public let trustDomain: String
  public let trustedNodeAccounts: Set<String>
  /// Without a pod source impersonation is refused: the node rule cannot be checked.
  public let pods: (any PodLocator)?

  public init(
    trustDomain: String, trustedNodeAccounts: Set<String> = [MeshDefaults.nodeAgentAccount], pods: (any PodLocator)?
  ) {
    self.trustDomain = trustDomain
    self.trustedNodeAccounts = trustedNodeAccounts
    self.pods = pods
  }

  public func identity(
    for caller: AuthenticatedCaller, impersonating requested: String?
  ) async throws(CAError)
    -> SpiffeIdentity
  {
    let own: SpiffeIdentity
    do {
      own = try SpiffeIdentity(
        trustDomain: trustDomain, namespace: caller.namespace, serviceAccount: caller.serviceAccount)
    } catch {
      throw CAError(.permissionDenied, "caller \(caller.account) has no valid mesh identity: \(error)")
    }
    guard let requested, !requested.isEmpty else { return own }
    let target: SpiffeIdentity
    do {
      target = try SpiffeIdentity(parsing: requested)
    } catch {
      throw CAError(.invalidRequest, "metadata ImpersonatedIdentity: \(error)")
    }
    guard target.trustDomain == trustDomain else {
      throw CAError(
        .permissionDenied, "ImpersonatedIdentity \(target) is outside trust domain \"\(trustDomain)\"")
    }
    if target == own { return own }
    guard let pods else {
      throw CAError(
        .permissionDenied, "impersonation is disabled: this CA has no view of the cluster's pods to check the node rule"
      )
    }
    let callerPod: PodPlacement? =
      if let name = caller.podName { await pods.pod(namespace: caller.namespace, name: name) } else { nil }
    let onNode: [PodPlacement] =
      if let node = callerPod?.nodeName {
        await pods.pods(onNode: node, namespace: target.namespace, serviceAccount: target.serviceAccount)
      } else { [] }
    try ImpersonationRule.decide(
      caller: caller, requested: target, trustedNodeAccounts: trustedNodeAccounts, callerPod: callerPod,
      requestedPodsOnCallerNode: onNode)
    return target
  }
}
