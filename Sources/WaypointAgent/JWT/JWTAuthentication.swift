/// The JWT filter's result for one request (Istio: every provider is optional, so a request
/// without a token passes with no request principal and policies decide; a token that is present
/// but not valid for any provider is 401).
public enum JWTAuthentication: Sendable, Hashable {
  case noToken
  /// `headerEdits`: token removal (`forwardOriginalToken: false`) and `outputClaimToHeaders`.
  case verified(VerifiedJWT, headerEdits: [HeaderEdit])
  case rejected(JWTFailure)

  public var verified: VerifiedJWT? {
    if case .verified(let jwt, _) = self { return jwt }
    return nil
  }
}
