import Shared

/// Whether the agent may report ready (`/healthz/ready` on 15021), and if not, why.
///
/// Ready means it can do its job for every local workload: configuration arrived (otherwise no
/// policy is known and inbound must refuse everything), its listeners are bound, and it holds a
/// certificate for each local workload's identity (otherwise their first connections would
/// fail). Pure, so the rules are testable; the app gathers the facts.
public struct Readiness: Sendable, Hashable {
  public let reasons: [String]

  public var isReady: Bool { reasons.isEmpty }

  public init(reasons: [String]) {
    self.reasons = reasons
  }

  public static func evaluate(
    xdsReady: Bool, unboundListeners: [String], localIdentities: Set<SpiffeIdentity>,
    certifiedIdentities: Set<SpiffeIdentity>
  ) -> Readiness {
    var reasons: [String] = []
    if !xdsReady { reasons.append("waiting for the first workload and policy configuration from the control plane") }
    for listener in unboundListeners.sorted() { reasons.append("listener \(listener) is not bound") }
    for missing in localIdentities.subtracting(certifiedIdentities).sorted() {
      reasons.append("no certificate yet for local identity \(missing)")
    }
    return Readiness(reasons: reasons)
  }

  /// Body of `/healthz/ready`: `ready`, or one reason per line.
  public var text: String { isReady ? "ready\n" : "not ready:\n" + reasons.map { "- \($0)\n" }.joined() }
}
