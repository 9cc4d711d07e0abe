/// Reasons the waypoint side of translation reports, beside `ObjectDiagnostic.Reason`'s.
enum L7DiagnosticReason {
  /// A RequestAuthentication whose key set cannot be had (fetch failed, bad URI, malformed JWKS).
  static let jwksUnavailable = "JWKSUnavailable"
  /// Another VirtualService already sets the policy for the host.
  static let conflict = "Conflict"
}
