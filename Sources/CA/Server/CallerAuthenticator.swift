/// Verifies who is calling the CA or xDS server. Production: Kubernetes TokenReview
/// (audience `istio-ca`); dev cluster and tests: a static token table.
public protocol CallerAuthenticator: Sendable {
  /// Throws `.unauthenticated` with a reason when the credentials are not accepted.
  func authenticate(_ credentials: CallerCredentials) async throws(CAError) -> AuthenticatedCaller
}
