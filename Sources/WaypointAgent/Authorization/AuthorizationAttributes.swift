import Shared

/// The request attributes policies look at, computed once per request (not once per rule).
/// An attribute that is absent (no peer identity, no JWT, no address) is `nil`: it never
/// satisfies a positive field and never triggers a `not*` field.
struct AuthorizationAttributes {
  let request: L7Request
  /// `td/ns/x/sa/y`, the peer certificate's identity without `spiffe://` (how Istio policies write it).
  let principal: String?
  let namespace: String?
  let jwt: VerifiedJWT?
  /// Path without query, normalized.
  let path: Substring
  /// Lowercased authority, and the same without its port.
  let authority: String
  let hostWithoutPort: Substring

  init(request: L7Request, path: Substring, jwt: VerifiedJWT?) {
    self.request = request
    principal = request.sourceIdentity?.principal
    namespace = request.sourceIdentity?.namespace
    self.jwt = jwt
    self.path = path
    authority = ASCIICase.lowercased(request.authority)
    hostWithoutPort = L7Request.hostPart(of: authority)
  }
}
