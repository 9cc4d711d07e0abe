import Crypto
import Foundation
import Kube

extension ServiceAccountTokenIssuer {
  /// Verifies signature (only ES256 with our key; alg none/HS256/other kid rejected), exp/nbf/iat
  /// with 60 s leeway, issuer, and that `audiences` (if non-empty) intersects the token's aud.
  /// Returns the claims or why not. Whether the service account and bound objects still exist is
  /// `TokenAPI.authenticate`'s concern: this is the part that needs no store.
  public func verify(_ token: String, audiences: [String], now: Date) -> Result<ServiceAccountClaims, TokenRejection> {
    do {
      return .success(try verifiedClaims(token, audiences: audiences, now: now))
    } catch {
      return .failure(error)
    }
  }

  private func verifiedClaims(
    _ token: String, audiences: [String], now: Date
  ) throws(TokenRejection)
    -> ServiceAccountClaims
  {
    let jws = try CompactJWS.parse(token)
    // The algorithm is pinned, never taken from the token: that is what defeats `alg: none` and
    // HS256-with-the-public-key forgeries.
    let algorithm = jws.header["alg"]?.stringValue ?? "(missing)"
    guard algorithm == "ES256" else {
      throw TokenRejection(.unsupportedAlgorithm, "token algorithm \(algorithm) is not accepted: tokens are ES256")
    }
    if let kid = jws.header["kid"], kid.stringValue != keyID {
      throw TokenRejection(
        .unknownKey, "token key id \(kid.stringValue ?? kid.jsonText) is not this cluster's signing key \(keyID)")
    }
    guard jws.signature.count == 64, let signature = try? P256.Signing.ECDSASignature(rawRepresentation: jws.signature),
      key.publicKey.isValidSignature(signature, for: Array(jws.signingInput.utf8))
    else {
      throw TokenRejection(.badSignature, "token signature does not verify with the service-account key \(keyID)")
    }
    let claims = try ServiceAccountClaims(jwtPayload: try jws.payload())
    guard claims.issuer == issuer else {
      throw TokenRejection(.wrongIssuer, "token issuer \(claims.issuer) is not \(issuer)")
    }
    if now.timeIntervalSince(claims.expiresAt) > Self.leeway {
      throw TokenRejection(.expired, "service account token has expired")
    }
    if claims.notBefore.timeIntervalSince(now) > Self.leeway {
      throw TokenRejection(.notYetValid, "service account token is not valid yet")
    }
    if claims.issuedAt.timeIntervalSince(now) > Self.leeway {
      throw TokenRejection(.notYetValid, "service account token is issued in the future")
    }
    if !audiences.isEmpty, !claims.audiences.contains(where: audiences.contains) {
      throw TokenRejection(
        .wrongAudience,
        "token audiences \(Self.goQuoted(claims.audiences)) is invalid for the target audiences "
          + Self.goQuoted(audiences))
    }
    return claims
  }

  /// A string list as Go's `%q` prints it (`["a" "b"]`), the form Kubernetes' messages use.
  static func goQuoted(_ values: [String]) -> String {
    "[" + values.map { JSONValue.string($0).jsonText }.joined(separator: " ") + "]"
  }
}
