import Shared

/// The outcome of translating one AuthorizationPolicy.
struct PolicyConversion: Sendable {
  /// What ztunnel enforces; `nil` when nothing is sent (targetRefs, AUDIT).
  var policy: AuthorizationPolicy?
  /// For workload-selector policies: which pods list the policy.
  var selector: PolicySelector?
  /// Always present: every AuthorizationPolicy gets a status.
  var diagnostic: ObjectDiagnostic
}
