import Foundation
import Shared
import Testing

@testable import WaypointAgent

/// Token validation against keys and tokens PyJWT made, plus the walkthrough's fixtures.
@Suite("JWT validation")
struct JWTValidatorTests {
  static func validator(_ minted: MintedTokens, audiences: [String] = [], forward: Bool = false) -> JWTValidator {
    JWTValidator(providers: [
      JWTProvider(
        source: "ambient-apps/jwt", issuer: MintedTokens.issuer, audiences: audiences, jwks: minted.jwks,
        forwardOriginalToken: forward)
    ])
  }

  static func bearer(_ token: String) -> L7Request {
    L7Test.request(headers: [("Authorization", "Bearer \(token)")])
  }

  @Test(
    "every supported algorithm verifies with the matching JWKS key",
    arguments: ["rs256", "rs384", "rs512", "ps256", "ps512", "es256", "eddsa", "rs256-nokid", "no-exp"])
  func acceptsValidTokens(name: String) async throws {
    let minted = try await MintedTokens.load()
    let result = Self.validator(minted).authenticate(Self.bearer(minted[name]), now: L7Test.fixedNow)
    let jwt = try #require(result.verified, "\(name): \(result)")
    #expect(jwt.principal == "https://issuer.test/alice")
    #expect(jwt.audiences == ["orders", "billing"])
    #expect(jwt.presenter == "web-app")
  }

  @Test(
    "invalid tokens are rejected with Envoy's message",
    arguments: [
      ("expired", JWTStatus.expired),
      ("not-yet-valid", .notYetValid),
      ("wrong-issuer", .unknownIssuer),
      ("rs256-other-key", .verificationFail),
      ("rs256-unknown-kid", .noMatchingKey),
      ("hs256", .headerNotImplementedAlg),
      ("none", .headerNotImplementedAlg),
      ("es256-as-rs256-kid", .noMatchingKey),
    ])
  func rejectsInvalidTokens(name: String, status: JWTStatus) async throws {
    let minted = try await MintedTokens.load()
    let result = Self.validator(minted).authenticate(Self.bearer(minted[name]), now: L7Test.fixedNow)
    #expect(
      result == .rejected(JWTFailure(status: status, issuer: result.failureIssuer, location: "header authorization")))
  }

  @Test("a token expired less than the 60 s clock skew ago is still accepted")
  func clockSkew() async throws {
    let minted = try await MintedTokens.load()
    let validator = Self.validator(minted)
    let within = validator.authenticate(Self.bearer(minted["expired-within-skew"]), now: L7Test.fixedNow)
    #expect(within.verified != nil)
    let later = validator.authenticate(
      Self.bearer(minted["expired-within-skew"]), now: L7Test.fixedNow.addingTimeInterval(31))
    #expect(later.failureStatus == .expired)
  }

  @Test("a repeated token is verified once; keys of a new configuration verify it afresh")
  func repeatedToken() async throws {
    let minted = try await MintedTokens.load()
    let validator = Self.validator(minted)
    for _ in 0..<3 {
      #expect(validator.authenticate(Self.bearer(minted["rs256"]), now: L7Test.fixedNow).verified != nil)
    }
    #expect(validator.verifiedTokens.count == 1)
    let rotatedAway = JWTValidator(providers: [
      JWTProvider(source: "ambient-apps/jwt", issuer: MintedTokens.issuer, audiences: [], jwks: #"{"keys":[]}"#)
    ])
    #expect(rotatedAway.authenticate(Self.bearer(minted["rs256"]), now: L7Test.fixedNow).verified == nil)
  }

  @Test("tampered payload, header or signature fail verification")
  func tampered() async throws {
    let minted = try await MintedTokens.load()
    let token = minted["rs256"]
    let parts = token.split(separator: ".").map(String.init)
    var payload = try #require(Base64URL.decode(parts[1]))
    let text = String(decoding: payload, as: UTF8.self).replacingOccurrences(of: "alice", with: "admin")
    payload = Array(text.utf8)
    let forged = [parts[0], Base64URL.encode(payload), parts[2]].joined(separator: ".")
    let validator = Self.validator(minted)
    #expect(validator.authenticate(Self.bearer(forged), now: L7Test.fixedNow).failureStatus == .verificationFail)
    var signature = try #require(Base64URL.decode(parts[2]))
    signature[10] ^= 0x01
    let badSignature = [parts[0], parts[1], Base64URL.encode(signature)].joined(separator: ".")
    #expect(validator.authenticate(Self.bearer(badSignature), now: L7Test.fixedNow).failureStatus == .verificationFail)
  }

  @Test(
    "malformed tokens are rejected, never crash",
    arguments: [
      ("abc", JWTStatus.badFormat),
      ("a.b", .badFormat),
      ("a.b.c.d", .badFormat),
      ("!!!.e30.c2ln", .headerBadBase64),
      ("bm90IGpzb24.e30.c2ln", .headerBadJSON),
      ("e30.e30.c2ln", .headerBadAlg),
      ("eyJhbGciOjF9.e30.c2ln", .headerBadAlg),
      ("eyJhbGciOiJSUzI1NiIsImtpZCI6MX0.e30.c2ln", .headerBadKid),
      ("eyJhbGciOiJSUzI1NiJ9.@@.c2ln", .payloadBadBase64),
      ("eyJhbGciOiJSUzI1NiJ9.W10.c2ln", .payloadBadJSON),
      ("eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOjF9.c2ln", .issNotString),
      ("eyJhbGciOiJSUzI1NiJ9.eyJleHAiOiJ0b21vcnJvdyJ9.c2ln", .expNotInteger),
      ("eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOlsxXX0.c2ln", .audNotString),
      ("eyJhbGciOiJSUzI1NiJ9.e30.c2ln=", .signatureBadBase64),
    ])
  func garbage(token: String, status: JWTStatus) async throws {
    let minted = try await MintedTokens.load()
    let result = Self.validator(minted).authenticate(Self.bearer(token), now: L7Test.fixedNow)
    #expect(result.failureStatus == status)
  }

  @Test("audiences: a configured list must intersect the token's aud")
  func audiences() async throws {
    let minted = try await MintedTokens.load()
    let validator = Self.validator(minted, audiences: ["billing"])
    #expect(validator.authenticate(Self.bearer(minted["rs256"]), now: L7Test.fixedNow).verified != nil)
    #expect(
      validator.authenticate(Self.bearer(minted["other-audience"]), now: L7Test.fixedNow).failureStatus
        == .audienceNotAllowed)
    #expect(
      validator.authenticate(Self.bearer(minted["no-audience"]), now: L7Test.fixedNow).failureStatus
        == .audienceNotAllowed)
  }

  @Test("no token, or another auth scheme, is no principal rather than an error")
  func noToken() async throws {
    let minted = try await MintedTokens.load()
    let validator = Self.validator(minted)
    #expect(validator.authenticate(L7Test.request(), now: L7Test.fixedNow) == .noToken)
    let basic = L7Test.request(headers: [("authorization", "Basic dXNlcjpwYXNz")])
    #expect(validator.authenticate(basic, now: L7Test.fixedNow) == .noToken)
  }

  @Test("token locations: default Bearer and access_token, or the provider's headers and params")
  func locations() async throws {
    let minted = try await MintedTokens.load()
    let token = minted["es256"]
    let defaults = Self.validator(minted)
    let lowercaseScheme = L7Test.request(headers: [("authorization", "bearer \(token)")])
    #expect(defaults.authenticate(lowercaseScheme, now: L7Test.fixedNow).verified != nil)
    let param = L7Test.request("GET", "/ip?x=1&access_token=\(token)")
    #expect(defaults.authenticate(param, now: L7Test.fixedNow).verified != nil)

    let custom = JWTValidator(providers: [
      JWTProvider(
        source: "ns/ra", issuer: MintedTokens.issuer, jwks: minted.jwks,
        fromHeaders: [JWTHeaderLocation(name: "x-jwt", prefix: "Token ")], fromParams: ["jwt"])
    ])
    let inHeader = L7Test.request(headers: [("X-JWT", "Token \(token)")])
    #expect(custom.authenticate(inHeader, now: L7Test.fixedNow).verified != nil)
    let inParam = L7Test.request("GET", "/?jwt=\(token)")
    #expect(custom.authenticate(inParam, now: L7Test.fixedNow).verified != nil)
    // With explicit locations, the default Authorization header is not looked at.
    #expect(custom.authenticate(Self.bearer(token), now: L7Test.fixedNow) == .noToken)
  }

  @Test("a valid token removes its header upstream and copies claims into headers")
  func headerEdits() async throws {
    let minted = try await MintedTokens.load()
    let validator = JWTValidator(providers: [
      JWTProvider(
        source: "ns/ra", issuer: MintedTokens.issuer, jwks: minted.jwks,
        outputClaimToHeaders: [
          JWTClaimHeader(header: "x-sub", claim: "sub"), JWTClaimHeader(header: "x-team", claim: "nested.team.name"),
          JWTClaimHeader(header: "x-missing", claim: "nope"),
        ])
    ])
    let result = validator.authenticate(Self.bearer(minted["rs256"]), now: L7Test.fixedNow)
    guard case .verified(_, let edits) = result else {
      Issue.record("expected a verified token, got \(result)")
      return
    }
    #expect(
      edits == [
        .remove(name: "authorization"), .set(name: "x-sub", value: "alice"), .set(name: "x-team", value: "payments"),
        .remove(name: "x-missing"),
      ])
    let kept = Self.validator(minted, forward: true).authenticate(Self.bearer(minted["rs256"]), now: L7Test.fixedNow)
    #expect(kept == .verified(try #require(kept.verified), headerEdits: []))
  }

  @Test("one valid token among several passes; an empty key set rejects every token of its issuer")
  func multipleProvidersAndEmptyKeys() async throws {
    let minted = try await MintedTokens.load()
    let empty = JWTValidator(providers: [JWTProvider(source: "ns/ra", issuer: MintedTokens.issuer)])
    #expect(empty.authenticate(Self.bearer(minted["rs256"]), now: L7Test.fixedNow).failureStatus == .noMatchingKey)

    let both = JWTValidator(providers: [
      JWTProvider(
        source: "ns/a", issuer: MintedTokens.issuer, jwks: minted.jwks,
        fromHeaders: [JWTHeaderLocation(name: "x-first")]),
      JWTProvider(
        source: "ns/b", issuer: MintedTokens.issuer, jwks: minted.jwks,
        fromHeaders: [JWTHeaderLocation(name: "x-second")]),
    ])
    let request = L7Test.request(headers: [("x-first", minted["expired"]), ("x-second", minted["es256"])])
    #expect(both.authenticate(request, now: L7Test.fixedNow).verified?.providerSource == "ns/b")
  }

  @Test("the walkthrough fixture: demo.jwt verifies with jwks.json (RS256, issuer testing@secure.istio.io)")
  func walkthroughFixture() throws {
    let validator = JWTValidator(providers: [
      JWTProvider(
        source: "ambient-apps/require-jwt", issuer: "testing@secure.istio.io", jwks: try L7Test.fixture("jwks.json"))
    ])
    #expect(validator.problems.isEmpty)
    let result = validator.authenticate(Self.bearer(try L7Test.fixture("demo.jwt")), now: Date())
    #expect(result.verified?.principal == "testing@secure.istio.io/testing@secure.istio.io")
    #expect(result.verified?.claims["foo"] == .string("bar"))
  }

  @Test("unusable JWKS keys are reported and skipped")
  func jwksProblems() {
    let jwks = """
      {"keys":[{"kty":"oct","k":"c2VjcmV0","kid":"h"},{"kty":"RSA","kid":"small","n":"xAE7eB6qugXyCAG3yhh7pkDkT65pHymX","e":"AQAB"},
      {"kty":"EC","crv":"P-256","x":"AAAA","y":"AAAA","kid":"bad-point"},{"kty":"RSA","use":"enc","n":"AQAB","e":"AQAB"}]}
      """
    let validator = JWTValidator(providers: [JWTProvider(source: "ns/ra", issuer: "i", jwks: jwks)])
    #expect(validator.providers[0].keys.isEmpty)
    #expect(validator.problems.count == 3)
    #expect(validator.problems.allSatisfy { $0.contains("ns/ra") && $0.contains("ignored") })
  }
}

extension JWTAuthentication {
  var failureStatus: JWTStatus? {
    if case .rejected(let failure) = self { return failure.status }
    return nil
  }

  var failureIssuer: String? {
    if case .rejected(let failure) = self { return failure.issuer }
    return nil
  }
}
