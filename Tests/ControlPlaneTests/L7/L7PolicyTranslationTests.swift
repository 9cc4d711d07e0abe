import ControlPlane
import Kube
import MeshTestSupport
import Shared
import Testing

@Suite("L7 translation: authorization, JWT and VirtualService policies")
struct L7PolicyTranslationTests {
  typealias F = L7Fixtures
  static let jwksURI = "https://raw.githubusercontent.com/istio/istio/release-1.18/security/tools/jwt/samples/jwks.json"

  @Test("the walkthrough's step 4 reaches httpbin's waypoint: JWT provider with fetched keys and the L7 ALLOW policy")
  func walkthrough() throws {
    let mesh = try F.translate(
      Walkthrough.requireJWTForBilling + "---\n" + Walkthrough.allowIPPathWithJWT,
      jwks: [Self.jwksURI: JWKSState(keys: F.jwksText)])
    let service = try F.httpbin(mesh)
    let provider = try #require(service.jwtProviders.first)
    #expect(service.jwtProviders.count == 1)
    #expect(provider.issuer == "testing@secure.istio.io")
    #expect(provider.jwksURI == Self.jwksURI)
    #expect(provider.jwks == F.jwksText)
    #expect(provider.source == "ambient-apps/require-jwt-for-billing")
    #expect(mesh.jwksURIs == [Self.jwksURI])

    var source = L7Source()
    source.principals = ["cluster.local/ns/ambient-apps/sa/sleep-ambient"]
    var operation = L7Operation()
    operation.paths = ["/ip"]
    #expect(
      service.policies == [
        L7AuthorizationPolicy(
          name: "allow-ip-path-with-jwt", namespace: "ambient-apps", action: .allow,
          rules: [
            L7AuthorizationRule(
              from: [source], to: [operation],
              when: [L7Condition(key: "request.auth.claims[iss]", values: ["testing@secure.istio.io"])])
          ])
      ])
    let ra = try #require(
      mesh.diagnostic(kind: "RequestAuthentication", namespace: "ambient-apps", name: "require-jwt-for-billing"))
    #expect(ra.accepted)
  }

  @Test("no keys fetched: the provider is pushed with an empty key set and the status names the fetch error")
  func fetchFailed() throws {
    let mesh = try F.translate(
      Walkthrough.requireJWTForBilling,
      jwks: [Self.jwksURI: JWKSState(keys: nil, lastError: "fetching x failed: connection refused")])
    let provider = try #require(try F.httpbin(mesh).jwtProviders.first)
    #expect(provider.jwks == JWTProvider.emptyKeySet)
    let ra = try #require(
      mesh.diagnostic(kind: "RequestAuthentication", namespace: "ambient-apps", name: "require-jwt-for-billing"))
    #expect(!ra.accepted)
    #expect(ra.reason == "JWKSUnavailable")
    #expect(ra.message.contains("connection refused"))
  }

  @Test("inline jwks is used; garbage inline jwks or a bad jwksUri fail closed with a message")
  func inlineAndBad() throws {
    let good = try F.translate(
      """
      apiVersion: security.istio.io/v1
      kind: RequestAuthentication
      metadata: {name: inline, namespace: ambient-apps}
      spec:
        targetRefs: [{kind: Service, group: "", name: httpbin-ambient}]
        jwtRules:
        - issuer: a
          jwks: '\(F.jwksText)'
          fromHeaders: [{name: x-jwt, prefix: "Bearer "}]
          fromParams: [token]
          forwardOriginalToken: true
          outputClaimToHeaders: [{header: x-sub, claim: sub}]
        - issuer: b
          jwks: '{"keys": [{"n": "no kty"}]}'
        - issuer: c
          jwksUri: "ftp://example.com/keys"
      ---

      """)
    let providers = try F.httpbin(good).jwtProviders
    #expect(providers.map(\.issuer) == ["a", "b", "c"])
    #expect(providers[0].jwks.contains("\"kid\":\"k1\""))
    #expect(providers[0].fromHeaders == [JWTHeaderLocation(name: "x-jwt", prefix: "Bearer ")])
    #expect(providers[0].outputClaimToHeaders == [JWTClaimHeader(header: "x-sub", claim: "sub")])
    #expect(providers[0].forwardOriginalToken)
    #expect(providers[1].jwks == JWTProvider.emptyKeySet)
    #expect(providers[2].jwks == JWTProvider.emptyKeySet)
    #expect(good.jwksURIs.isEmpty)
    let ra = try #require(good.diagnostic(kind: "RequestAuthentication", namespace: "ambient-apps", name: "inline"))
    #expect(!ra.accepted)
    #expect(ra.message.contains("spec.jwtRules[1].jwks: keys[0] has no \"kty\""))
    #expect(ra.message.contains("spec.jwtRules[2].jwksUri: \"ftp://example.com/keys\" is not an http(s) URL"))
  }

  @Test(
    "policy targeting: Service and waypoint targetRefs, namespace-wide and selector policies apply; others do not",
    arguments: [
      ("targetRefs: [{kind: Service, group: \"\", name: httpbin-ambient}]", true),
      ("targetRefs: [{kind: Gateway, group: gateway.networking.k8s.io, name: httpbin-ambient-waypoint}]", true),
      ("targetRefs: [{kind: Service, group: \"\", name: other}]", false),
      ("targetRefs: [{kind: Gateway, group: gateway.networking.k8s.io, name: someone-else}]", false),
      ("selector: {matchLabels: {app: httpbin-ambient}}", true),
      ("selector: {matchLabels: {version: v1}}", true),
      ("selector: {matchLabels: {app: other}}", false),
      ("{}", true),
    ])
  func targeting(scope: String, applies: Bool) throws {
    let mesh = try F.translate(
      """
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: p, namespace: ambient-apps}
      spec:
        \(scope == "{}" ? "" : scope)
        action: DENY
        rules: [{to: [{operation: {methods: [DELETE]}}]}]
      ---

      """)
    #expect(try F.httpbin(mesh).policies.map(\.name) == (applies ? ["p"] : []))
  }

  @Test("CUSTOM becomes deny-all, malformed ALLOW rules match nothing, malformed DENY rules match everything")
  func failClosed() throws {
    let policies = """
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: custom, namespace: ambient-apps}
      spec: {action: CUSTOM, provider: {name: ext-authz}, rules: [{}]}
      ---
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: allow-bad, namespace: ambient-apps}
      spec:
        action: ALLOW
        rules:
        - from: [{source: {ipBlocks: ["10.0.0.0/33"]}}]
        - to: [{operation: {notPaths: ["/admin*"], ports: ["8000"]}}]
        - when: [{key: "request.bogus", values: ["x"]}]
      ---
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: deny-bad, namespace: ambient-apps}
      spec:
        action: DENY
        rules: [{to: [{operation: {ports: ["eighty"]}}]}]
      ---
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: audit, namespace: ambient-apps}
      spec: {action: AUDIT, rules: [{}]}
      ---

      """
    let mesh = try F.translate(policies)
    let byName = Dictionary(uniqueKeysWithValues: try F.httpbin(mesh).policies.map { ($0.name, $0) })
    #expect(
      byName["custom"]
        == L7AuthorizationPolicy(
          name: "custom", namespace: "ambient-apps", action: .deny, rules: [L7AuthorizationRule()]))
    var kept = L7Operation()
    kept.notPaths = ["/admin*"]
    kept.ports = ["8000"]
    #expect(byName["allow-bad"]?.rules == [L7AuthorizationRule(to: [kept])])
    #expect(byName["deny-bad"]?.rules == [L7AuthorizationRule()])
    #expect(byName["audit"] == nil)
    let custom = try #require(mesh.diagnostic(kind: "AuthorizationPolicy", namespace: "ambient-apps", name: "custom"))
    #expect(!custom.accepted)
    #expect(custom.message.contains("CUSTOM (provider \"ext-authz\") is not supported"))
    let bad = try #require(mesh.diagnostic(kind: "AuthorizationPolicy", namespace: "ambient-apps", name: "allow-bad"))
    #expect(
      bad.message.contains("spec.rules[2].when[0].key: \"request.bogus\" is not an Istio authorization condition key"))
  }

  @Test("a VirtualService's match-less http entry becomes the Service's default timeout, retries and fault")
  func virtualService() throws {
    let mesh = try F.translate(
      """
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: httpbin, namespace: ambient-apps, creationTimestamp: "2024-01-01T00:00:00Z"}
      spec:
        hosts: [httpbin-ambient]
        http:
        - match: [{uri: {prefix: /slow}}]
          timeout: 1s
        - timeout: 1.5s
          retries: {attempts: 3, perTryTimeout: 500ms, retryOn: "5xx, connect-failure"}
          fault:
            delay: {fixedDelay: 2s, percentage: {value: 12.5}}
            abort: {httpStatus: 503, percentage: {value: 1}}
      ---
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: later, namespace: ambient-apps, creationTimestamp: "2024-02-01T00:00:00Z"}
      spec:
        hosts: [httpbin-ambient.ambient-apps.svc.cluster.local]
        http: [{timeout: 9s}]
      ---

      """)
    let policy = try #require(try F.httpbin(mesh).defaultPolicy)
    #expect(policy.timeout == .milliseconds(1500))
    #expect(
      policy.retry == L7Retry(attempts: 3, perTryTimeout: .milliseconds(500), retryOn: ["5xx", "connect-failure"]))
    #expect(
      policy.fault
        == L7Fault(
          delay: L7Fault.Delay(fixedDelay: .seconds(2), percentage: 12.5),
          abort: L7Fault.Abort(httpStatus: 503, percentage: 1)))
    let first = try #require(mesh.diagnostic(kind: "VirtualService", namespace: "ambient-apps", name: "httpbin"))
    #expect(first.accepted)
    #expect(first.message.contains("spec.http[0]: entries with match are not applied"))
    let later = try #require(mesh.diagnostic(kind: "VirtualService", namespace: "ambient-apps", name: "later"))
    #expect(!later.accepted)
    #expect(later.reason == "Conflict")
  }

  @Test("a bad VirtualService value is reported and not applied")
  func badVirtualService() throws {
    let mesh = try F.translate(
      """
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: bad, namespace: ambient-apps}
      spec:
        hosts: [httpbin-ambient]
        http: [{timeout: soon, fault: {abort: {httpStatus: 700}}}]
      ---

      """)
    #expect(try F.httpbin(mesh).defaultPolicy == nil)
    let diagnostic = try #require(mesh.diagnostic(kind: "VirtualService", namespace: "ambient-apps", name: "bad"))
    #expect(!diagnostic.accepted)
    #expect(diagnostic.message.contains("spec.http[0].timeout: \"soon\" is not a duration"))
    #expect(diagnostic.message.contains("spec.http[0].fault.abort.httpStatus: 700 is not an HTTP status"))
  }
}
