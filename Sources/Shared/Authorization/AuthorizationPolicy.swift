/// An L4 authorization policy as enforced by ztunnel: mirrors `istio.security.Authorization`.
///
/// Semantics follow Istio: rules are OR-ed; a policy with no rules matches nothing (an ALLOW
/// policy with no rules therefore denies everything it applies to).
public struct AuthorizationPolicy: Hashable, Sendable {
  public var name: String
  public var namespace: String
  public var scope: PolicyScope
  public var action: PolicyAction
  public var rules: [AuthorizationRule]
  /// Dry-run policies are evaluated for logging only and never change a verdict.
  public var dryRun: Bool

  public init(
    name: String, namespace: String, scope: PolicyScope, action: PolicyAction,
    rules: [AuthorizationRule], dryRun: Bool = false
  ) {
    self.name = name
    self.namespace = namespace
    self.scope = scope
    self.action = action
    self.rules = rules
    self.dryRun = dryRun
  }

  /// `namespace/name`: the xDS resource name and the key workloads list in `authorizationPolicies`.
  public var key: String { "\(namespace)/\(name)" }

  /// Whether this policy governs connections to `workload`, by Istio's scoping rules:
  /// global policies apply everywhere, namespace policies to their namespace, selector
  /// policies only to workloads that list them.
  public func applies(to workload: Workload) -> Bool {
    switch scope {
    case .global: return true
    case .namespace: return namespace == workload.namespace
    case .workloadSelector: return workload.authorizationPolicies.contains(key)
    }
  }

  public func matches(_ connection: ConnectionAttributes) -> Bool {
    rules.contains { $0.matches(connection) }
  }
}
