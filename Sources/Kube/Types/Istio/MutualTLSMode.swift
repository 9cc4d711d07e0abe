/// A PeerAuthentication mTLS mode.
public enum MutualTLSMode: String, Sendable, Hashable, CaseIterable {
  /// Inherit from the parent (namespace, then mesh-wide) policy.
  case unset = "UNSET"
  /// Plaintext only.
  case disable = "DISABLE"
  /// mTLS and plaintext both accepted.
  case permissive = "PERMISSIVE"
  /// mTLS only.
  case strict = "STRICT"
}
