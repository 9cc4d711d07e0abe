/// Istio's L4 evaluation order: any matching DENY policy denies; otherwise, if any ALLOW policy
/// applies to the workload, one of them must match; with no ALLOW policy the connection is allowed.
/// Dry-run policies are skipped. Pure: the caller passes the policies that apply.
public enum AuthorizationEvaluator {
  public static func evaluate(
    _ policies: some Sequence<AuthorizationPolicy>, for connection: ConnectionAttributes
  )
    -> AuthorizationVerdict
  {
    var sawAllow = false
    var allowMatched = false
    for policy in policies where !policy.dryRun {
      switch policy.action {
      case .deny:
        if policy.matches(connection) { return .deniedByPolicy(policy.key) }
      case .allow:
        sawAllow = true
        if !allowMatched && policy.matches(connection) { allowMatched = true }
      }
    }
    return !sawAllow || allowMatched ? .allow : .notAllowed
  }

  /// Evaluates the policies of `all` that apply to `workload`.
  public static func evaluate(
    _ all: some Sequence<AuthorizationPolicy>, for connection: ConnectionAttributes, to workload: Workload
  ) -> AuthorizationVerdict {
    evaluate(all.lazy.filter { $0.applies(to: workload) }, for: connection)
  }
}
