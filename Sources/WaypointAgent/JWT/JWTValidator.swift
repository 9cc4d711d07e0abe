import Foundation
import Shared

/// Validates request tokens against a Service's RequestAuthentication rules, built once per
/// configuration (keys parsed and converted up front).
///
/// Checks, in Envoy jwt_authn's order: compact JWS shape and encoding, an implemented `alg`
/// (never `none` or HMAC), an issuer some provider looking at that location is configured for,
/// `exp`/`nbf` with Envoy's default 60 s clock skew (`exp` is optional, as in Istio), audiences
/// when the provider lists any, then the signature with the keys that fit the token's `kid` and
/// `alg` (all keys of the algorithm's type when it has no `kid`).
public struct JWTValidator: Sendable {
  struct Provider: Sendable {
    let provider: JWTProvider
    let keys: [VerificationKey]
    let locations: [TokenLocation]
  }

  /// Envoy's `clock_skew_seconds` default.
  public static let clockSkewSeconds: Int64 = 60

  let providers: [Provider]
  public let problems: [String]
  let verifiedTokens = VerifiedTokenCache()

  public init(providers: [JWTProvider]) {
    var compiled: [Provider] = []
    var problems: [String] = []
    for provider in providers {
      let (keys, found) = JWKSParser.parse(provider.jwks, source: "\(provider.source) issuer \"\(provider.issuer)\"")
      problems += found
      compiled.append(Provider(provider: provider, keys: keys, locations: TokenLocation.locations(of: provider)))
    }
    self.providers = compiled
    self.problems = problems
  }

  public var isEmpty: Bool { providers.isEmpty }

  private struct Candidate {
    let token: Substring
    var location: TokenLocation
    var providerIndices: [Int]
  }

  public func authenticate(_ request: L7Request, now: Date) -> JWTAuthentication {
    guard !providers.isEmpty else { return .noToken }
    var candidates: [Candidate] = []
    for (index, provider) in providers.enumerated() {
      for location in provider.locations {
        guard let token = location.extract(from: request) else { continue }
        if let existing = candidates.firstIndex(where: { $0.token == token }) {
          if !candidates[existing].providerIndices.contains(index) {
            candidates[existing].providerIndices.append(index)
          }
        } else {
          candidates.append(Candidate(token: token, location: location, providerIndices: [index]))
        }
      }
    }
    guard !candidates.isEmpty else { return .noToken }
    let seconds = Int64(now.timeIntervalSince1970.rounded(.down))
    var firstFailure: JWTFailure?
    for candidate in candidates {
      switch verify(candidate, now: seconds) {
      case .success(let accepted):
        return .verified(accepted.jwt, headerEdits: accepted.headerEdits)
      case .failure(let failure):
        if firstFailure == nil { firstFailure = failure }
      }
    }
    return .rejected(firstFailure!)
  }

  private struct Accepted {
    let jwt: VerifiedJWT
    let headerEdits: [HeaderEdit]
  }

  private func verify(_ candidate: Candidate, now: Int64) -> Result<Accepted, JWTFailure> {
    let location = candidate.location.description
    let known = candidate.providerIndices.lazy.compactMap { index in
      verifiedTokens.jwt(provider: index, token: candidate.token).map { (index, $0) }
    }.first
    let jwt: CompactJWT
    if let known {
      jwt = known.1
    } else {
      do throws(JWTStatus) {
        jwt = try CompactJWT(parsing: candidate.token)
      } catch {
        return .failure(JWTFailure(status: error, issuer: nil, location: location))
      }
    }
    func fail(_ status: JWTStatus) -> Result<Accepted, JWTFailure> {
      .failure(JWTFailure(status: status, issuer: jwt.issuer, location: location))
    }
    guard let index = candidate.providerIndices.first(where: { providers[$0].provider.issuer == jwt.issuer }) else {
      return fail(.unknownIssuer)
    }
    let provider = providers[index]
    if let notBefore = jwt.notBefore, now + Self.clockSkewSeconds < notBefore { return fail(.notYetValid) }
    if let expiresAt = jwt.expiresAt, now > expiresAt + Self.clockSkewSeconds { return fail(.expired) }
    let allowed = provider.provider.audiences
    if !allowed.isEmpty, !jwt.audiences.contains(where: allowed.contains) { return fail(.audienceNotAllowed) }
    if known?.0 != index {
      let keys = provider.keys.filter { $0.accepts(jwt.algorithm, kid: jwt.kid) }
      guard !keys.isEmpty else { return fail(.noMatchingKey) }
      guard keys.contains(where: { $0.verify(jwt.signature, over: jwt.signingInput, algorithm: jwt.algorithm) })
      else {
        return fail(.verificationFail)
      }
      verifiedTokens.remember(jwt, provider: index, token: candidate.token)
    }
    let verified = VerifiedJWT(
      issuer: jwt.issuer, subject: jwt.subject, audiences: jwt.audiences, presenter: jwt.claims["azp"]?.stringValue,
      claims: jwt.claims, providerSource: provider.provider.source)
    return .success(Accepted(jwt: verified, headerEdits: Self.edits(provider, verified, payload: jwt.payloadSegment)))
  }

  /// What the accepted provider changes upstream: its token headers are removed unless
  /// `forwardOriginalToken`, and claims / the payload are copied into headers it names.
  private static func edits(_ provider: Provider, _ jwt: VerifiedJWT, payload: Substring) -> [HeaderEdit] {
    var edits: [HeaderEdit] = []
    if !provider.provider.forwardOriginalToken {
      for case .header(let name, _) in provider.locations { edits.append(.remove(name: name)) }
    }
    for output in provider.provider.outputClaimToHeaders {
      let path = output.claim.split(separator: ".").map(String.init)
      if let value = jwt.claim(path)?.headerValue {
        edits.append(.set(name: output.header, value: value))
      } else {
        edits.append(.remove(name: output.header))
      }
    }
    if let header = provider.provider.outputPayloadToHeader {
      edits.append(.set(name: header, value: String(payload)))
    }
    return edits
  }
}
