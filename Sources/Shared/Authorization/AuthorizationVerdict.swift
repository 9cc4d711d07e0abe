/// The outcome of L4 authorization, with enough detail for logs and `response_flags`.
public enum AuthorizationVerdict: Hashable, Sendable {
  case allow
  /// A DENY policy (by key) matched.
  case deniedByPolicy(String)
  /// ALLOW policies apply to the workload and none matched.
  case notAllowed

  public var isAllowed: Bool { self == .allow }
}
