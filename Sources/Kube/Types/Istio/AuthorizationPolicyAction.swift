/// `spec.action` of an AuthorizationPolicy.
public enum AuthorizationPolicyAction: String, Sendable, Hashable, CaseIterable {
  case allow = "ALLOW"
  case deny = "DENY"
  /// Only logs.
  case audit = "AUDIT"
  /// Delegates to the extension provider named in `spec.provider`.
  case custom = "CUSTOM"
}
