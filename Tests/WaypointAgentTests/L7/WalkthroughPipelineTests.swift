import Foundation
import Shared
import Testing

@testable import WaypointAgent

/// Walkthrough §4 end to end through `RequestPipeline.decide`, with the L7Service the control
/// plane produces for its RequestAuthentication and AuthorizationPolicy (built by hand: this
/// target does not depend on ControlPlane; mirrors Tests/ControlPlaneTests/L7).
@Suite("Walkthrough L7 policy with JWT")
struct WalkthroughPipelineTests {
  static func service() throws -> CompiledService {
    var source = L7Source()
    source.principals = ["cluster.local/ns/ambient-apps/sa/sleep-ambient"]
    var operation = L7Operation()
    operation.paths = ["/ip"]
    let policy = L7AuthorizationPolicy(
      name: "allow-ip-path-with-jwt", namespace: "ambient-apps", action: .allow,
      rules: [
        L7AuthorizationRule(
          from: [source], to: [operation],
          when: [L7Condition(key: "request.auth.claims[iss]", values: ["testing@secure.istio.io"])])
      ])
    let provider = JWTProvider(
      source: "ambient-apps/require-jwt-for-billing", issuer: "testing@secure.istio.io",
      jwksURI: "https://raw.githubusercontent.com/istio/istio/release-1.18/security/tools/jwt/samples/jwks.json",
      jwks: try L7Test.fixture("jwks.json"))
    let compiled = CompiledService(L7Test.service(policies: [policy], jwtProviders: [provider]))
    #expect(compiled.problems.isEmpty)
    return compiled
  }

  static func request(_ path: String, token: String? = nil) -> L7Request {
    L7Test.request("GET", path, headers: token.map { [("authorization", "Bearer \($0)")] } ?? [])
  }

  @Test("1. GET /headers with a valid token → 403 RBAC: access denied")
  func headersWithToken() throws {
    let decision = L7Test.decide(Self.request("/headers", token: try L7Test.fixture("demo.jwt")), try Self.service())
    let response = try #require(decision.response)
    #expect(response.status == 403)
    #expect(response.body == "RBAC: access denied")
  }

  @Test("2. GET /ip without a token → 403")
  func ipWithoutToken() throws {
    #expect(L7Test.decide(Self.request("/ip"), try Self.service()).status == 403)
  }

  @Test("3. GET /ip with the token → forwarded to httpbin, token stripped")
  func ipWithToken() throws {
    let plan = try #require(
      L7Test.decide(Self.request("/ip", token: try L7Test.fixture("demo.jwt")), try Self.service()).plan)
    #expect(plan.serviceKey == L7Test.httpbinKey)
    #expect(plan.port == 8000)
    #expect(plan.requestPrincipal == "testing@secure.istio.io/testing@secure.istio.io")
    #expect(plan.requestRewrite.headerEdits == [.remove(name: "authorization")])
  }

  @Test("the token from another workload's identity is still 403 (principals)")
  func otherCaller() throws {
    var request = Self.request("/ip", token: try L7Test.fixture("demo.jwt"))
    request.sourceIdentity = L7Test.other
    #expect(L7Test.decide(request, try Self.service()).status == 403)
  }

  @Test("4. GET /ip with a tampered token → 401 Jwt verification fails")
  func tampered() throws {
    let token = try L7Test.fixture("demo.jwt")
    let parts = token.split(separator: ".").map(String.init)
    let payload = String(decoding: try #require(Base64URL.decode(parts[1])), as: UTF8.self)
      .replacingOccurrences(of: "\"foo\":\"bar\"", with: "\"foo\":\"baz\"")
    let forged = [parts[0], Base64URL.encode(Array(payload.utf8)), parts[2]].joined(separator: ".")
    let response = try #require(L7Test.decide(Self.request("/ip", token: forged), try Self.service()).response)
    #expect(response.status == 401)
    #expect(response.body == "Jwt verification fails")
    #expect(
      response.headers.contains(
        L7Header(name: "www-authenticate", value: "Bearer realm=\"http://httpbin:8000/ip\", error=\"invalid_token\"")))
  }

  @Test("4. GET /ip with an expired token → 401 Jwt is expired")
  func expired() throws {
    // demo.jwt expires at 4685989700; a clock past it (and the 60 s skew) makes it expired.
    let later = Date(timeIntervalSince1970: 4_685_989_700 + 61)
    let decision = L7Test.decide(
      Self.request("/ip", token: try L7Test.fixture("demo.jwt")), try Self.service(), now: later)
    #expect(decision.response?.status == 401)
    #expect(decision.response?.body == "Jwt is expired")
  }

  @Test("garbage in the Authorization header → 401, never a crash or a forward")
  func garbage() throws {
    let service = try Self.service()
    for token in ["", "x", "a.b.c", String(repeating: "A", count: 10_000), "\u{0}.\u{1}.\u{2}"] {
      let decision = L7Test.decide(Self.request("/ip", token: token), service)
      #expect(decision.plan == nil, "token \(token.prefix(20)) was forwarded")
    }
  }
}
