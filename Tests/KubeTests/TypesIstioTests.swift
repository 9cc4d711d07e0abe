import Kube
import Testing

@Suite("Types: Istio security policies")
struct TypesIstioTests {
  static func object(_ yaml: String) throws -> KubeObject { try KubeObject(json: try YAMLDocuments.parseOne(yaml)) }

  @Test("AuthorizationPolicy: actions, default ALLOW, and unknown actions read as nil")
  func actions() throws {
    var policy = KubeAuthorizationPolicy(namespace: "ambient-apps", name: "p")
    #expect(policy.action == .allow)
    #expect(policy.rules.isEmpty)
    #expect(policy.selectorMatchLabels == nil)
    for action in AuthorizationPolicyAction.allCases {
      policy.action = action
      #expect(policy.object.json.value(at: ["spec", "action"]) == .string(action.rawValue))
      #expect(policy.action == action)
    }
    policy.spec = ["action": "DENNY"]
    #expect(policy.action == nil)
    #expect(policy.actionText == "DENNY")
  }

  @Test("AuthorizationPolicy attached to a waypoint through targetRefs, with a CUSTOM provider")
  func targetRefs() throws {
    let yaml = """
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: ext-authz, namespace: ambient-apps}
      spec:
        targetRefs:
        - {kind: Gateway, group: gateway.networking.k8s.io, name: httpbin-ambient-waypoint}
        - {kind: Service, group: "", name: httpbin-ambient}
        action: CUSTOM
        provider: {name: my-ext-authz}
        rules: [{to: [{operation: {methods: [POST]}}]}]
      """
    var policy = KubeAuthorizationPolicy(try Self.object(yaml))
    #expect(policy.action == .custom)
    #expect(policy.providerName == "my-ext-authz")
    #expect(policy.selectorMatchLabels == nil)
    #expect(
      policy.targetRefs == [
        PolicyTargetReference(group: "gateway.networking.k8s.io", kind: "Gateway", name: "httpbin-ambient-waypoint"),
        PolicyTargetReference(kind: "Service", name: "httpbin-ambient"),
      ])

    policy.rules = []
    #expect(policy.object.json.value(at: ["spec", "rules"]) == nil)
    #expect(policy.object.json.value(at: ["spec", "provider"]) == ["name": "my-ext-authz"])
  }

  @Test("the deprecated single targetRef is read, and replaced by targetRefs on write")
  func legacyTargetRef() throws {
    var policy = PeerAuthentication(
      try KubeObject(json: ["kind": "PeerAuthentication", "spec": ["targetRef": ["kind": "Service", "name": "db"]]]))
    #expect(policy.targetRefs == [PolicyTargetReference(kind: "Service", name: "db")])
    policy.targetRefs = [PolicyTargetReference(kind: "Service", name: "cache", namespace: "data")]
    #expect(policy.spec == ["targetRefs": [["group": "", "kind": "Service", "name": "cache", "namespace": "data"]]])
  }

  @Test("PeerAuthentication: mode, port-level overrides, unknown modes")
  func peerAuthentication() throws {
    let yaml = """
      apiVersion: security.istio.io/v1
      kind: PeerAuthentication
      metadata: {name: strict, namespace: ambient-apps}
      spec:
        selector: {matchLabels: {app: httpbin-ambient}}
        mtls: {mode: STRICT}
        portLevelMtls:
          8080: {mode: PERMISSIVE}
          "9090": {mode: DISABLE}
          metrics: {mode: DISABLE}
          7070: {mode: SOMETIMES}
      """
    var policy = PeerAuthentication(try Self.object(yaml))
    #expect(policy.selectorMatchLabels == ["app": "httpbin-ambient"])
    #expect(policy.mtlsMode == .strict)
    #expect(policy.portLevelMtls == [8080: .permissive, 9090: .disable])

    policy.mtlsMode = .permissive
    policy.portLevelMtls = [15020: .disable]
    policy.selectorMatchLabels = nil
    #expect(policy.spec == ["mtls": ["mode": "PERMISSIVE"], "portLevelMtls": ["15020": ["mode": "DISABLE"]]])

    let inherit = PeerAuthentication(namespace: "istio-system", name: "default")
    #expect(inherit.mtlsMode == .unset)
    #expect(inherit.portLevelMtls.isEmpty)
    let typo = PeerAuthentication(try KubeObject(json: ["spec": ["mtls": ["mode": "STRICTT"]]]))
    #expect(typo.mtlsMode == nil)
  }

  @Test("RequestAuthentication: every JWT rule member, and unknown ones kept")
  func requestAuthentication() throws {
    let yaml = """
      apiVersion: security.istio.io/v1
      kind: RequestAuthentication
      metadata: {name: jwt, namespace: ambient-apps}
      spec:
        targetRefs: [{kind: Gateway, group: gateway.networking.k8s.io, name: httpbin-ambient-waypoint}]
        jwtRules:
        - issuer: testing@secure.istio.io
          audiences: [httpbin, billing]
          jwks: '{"keys":[{"kty":"RSA","e":"AQAB","n":"xyz"}]}'
          fromHeaders: [{name: x-jwt-assertion, prefix: "Bearer "}, {name: x-token}]
          fromParams: [access_token]
          fromCookies: [session]
          outputPayloadToHeader: x-jwt-payload
          forwardOriginalToken: true
          outputClaimToHeaders: [{header: x-sub, claim: sub}]
          timeout: 5s
        - {jwksUri: "https://example.com/jwks.json"}
      """
    var authentication = RequestAuthentication(try Self.object(yaml))
    #expect(authentication.selectorMatchLabels == nil)
    #expect(authentication.targetRefs.first?.name == "httpbin-ambient-waypoint")
    let rules = authentication.jwtRules
    try #require(rules.count == 2)
    let rule = rules[0]
    #expect(rule.issuer == "testing@secure.istio.io")
    #expect(rule.audiences == ["httpbin", "billing"])
    #expect(rule.jwks == #"{"keys":[{"kty":"RSA","e":"AQAB","n":"xyz"}]}"#)
    #expect(rule.jwksUri == nil)
    #expect(rule.fromHeaders == [JWTHeader(name: "x-jwt-assertion", prefix: "Bearer "), JWTHeader(name: "x-token")])
    #expect(rule.fromParams == ["access_token"])
    #expect(rule.fromCookies == ["session"])
    #expect(rule.outputPayloadToHeader == "x-jwt-payload")
    #expect(rule.forwardOriginalToken)
    #expect(rule.outputClaimToHeaders == [ClaimToHeader(header: "x-sub", claim: "sub")])
    #expect(rule.otherFields == ["timeout": "5s"])
    #expect(rules[1].issuer == "")
    #expect(rules[1].jwksUri == "https://example.com/jwks.json")

    let before = authentication.spec
    authentication.jwtRules = rules
    #expect(authentication.spec == before)

    var inline = rules
    inline[1].issuer = "offline@example.com"
    inline[1].jwksUri = nil
    inline[1].jwks = "{}"
    authentication.jwtRules = inline
    #expect(authentication.spec["jwtRules"]?.arrayValue?[1] == ["issuer": "offline@example.com", "jwks": "{}"])
  }
}
