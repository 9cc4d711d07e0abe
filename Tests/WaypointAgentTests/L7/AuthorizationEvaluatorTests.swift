import Foundation
import Shared
import Testing

@testable import WaypointAgent

/// Istio's L7 authorization semantics, one table row per behaviour a policy author relies on.
@Suite("L7 authorization")
struct AuthorizationEvaluatorTests {
  static func policy(
    _ action: L7AuthorizationPolicy.Action, name: String = "p", from: L7Source? = nil, to: L7Operation? = nil,
    when: [L7Condition] = []
  ) -> L7AuthorizationPolicy {
    L7AuthorizationPolicy(
      name: name, namespace: "ambient-apps", action: action,
      rules: [L7AuthorizationRule(from: from.map { [$0] } ?? [], to: to.map { [$0] } ?? [], when: when)])
  }

  static func source(_ edit: (inout L7Source) -> Void) -> L7Source {
    var source = L7Source()
    edit(&source)
    return source
  }

  static func operation(_ edit: (inout L7Operation) -> Void) -> L7Operation {
    var operation = L7Operation()
    edit(&operation)
    return operation
  }

  static let jwt = VerifiedJWT(
    issuer: "https://issuer.test", subject: "alice", audiences: ["orders"], presenter: "web",
    claims: [
      "iss": .string("https://issuer.test"), "groups": .array([.string("admins"), .string("devs")]),
      "scope": .string("read write"), "nested": .object(["team": .string("payments")]), "admin": .bool(true),
    ], providerSource: "ns/ra")

  static func evaluate(
    _ policies: [L7AuthorizationPolicy], _ request: L7Request = L7Test.request("GET", "/ip"),
    jwt: VerifiedJWT? = nil
  ) -> L7AuthorizationResult {
    L7AuthorizationEvaluator(policies: policies).evaluate(request, path: request.path, jwt: jwt)
  }

  @Test("no policies allow; DENY wins over ALLOW; ALLOW that does not match denies")
  func precedence() {
    #expect(Self.evaluate([]) == .allow)
    let allowAll = L7AuthorizationPolicy(name: "all", namespace: "ns", action: .allow, rules: [L7AuthorizationRule()])
    let denyIP = Self.policy(.deny, name: "no-ip", to: Self.operation { $0.paths = ["/ip"] })
    #expect(Self.evaluate([allowAll, denyIP]) == .deny(policy: "ambient-apps/no-ip"))
    #expect(Self.evaluate([allowAll, denyIP], L7Test.request("GET", "/headers")) == .allow)
    let allowHeaders = Self.policy(.allow, to: Self.operation { $0.paths = ["/headers"] })
    #expect(Self.evaluate([allowHeaders]) == .deny(policy: nil))
    // An ALLOW policy without rules allows nothing; a DENY policy without rules denies nothing.
    #expect(
      Self.evaluate([L7AuthorizationPolicy(name: "x", namespace: "ns", action: .allow, rules: [])])
        == .deny(policy: nil))
    #expect(Self.evaluate([L7AuthorizationPolicy(name: "x", namespace: "ns", action: .deny, rules: [])]) == .allow)
  }

  @Test(
    "source principals and namespaces: exact, prefix, suffix, presence, not*",
    arguments: [
      (["cluster.local/ns/ambient-apps/sa/sleep-ambient"], [String](), true),
      (["cluster.local/ns/ambient-apps/*"], [], true),
      (["*/sa/sleep-ambient"], [], true),
      (["*"], [], true),
      (["cluster.local/ns/other/sa/x"], [], false),
      ([], ["*/sa/sleep-ambient"], false),
      ([], ["cluster.local/ns/other/*"], true),
    ])
  func principals(principals: [String], notPrincipals: [String], allowed: Bool) {
    let policy = Self.policy(
      .allow,
      from: Self.source {
        $0.principals = principals; $0.notPrincipals = notPrincipals
      })
    #expect((Self.evaluate([policy]) == .allow) == allowed)
  }

  @Test("a request without peer identity fails principals but is not excluded by notPrincipals")
  func missingIdentity() {
    let anonymous = L7Test.request("GET", "/ip", identity: nil)
    let needs = Self.policy(.allow, from: Self.source { $0.principals = ["*"] })
    #expect(Self.evaluate([needs], anonymous) == .deny(policy: nil))
    let denyUnauthenticated = Self.policy(.deny, from: Self.source { $0.notPrincipals = ["*"] })
    #expect(Self.evaluate([denyUnauthenticated], anonymous) == .deny(policy: "ambient-apps/p"))
    #expect(Self.evaluate([denyUnauthenticated]) == .allow)
  }

  @Test("namespaces come from the peer identity")
  func namespaces() {
    let policy = Self.policy(.allow, from: Self.source { $0.namespaces = ["ambient-*"] })
    #expect(Self.evaluate([policy]) == .allow)
    #expect(Self.evaluate([policy], L7Test.request("GET", "/ip", identity: L7Test.other)) == .deny(policy: nil))
    let notOther = Self.policy(.allow, from: Self.source { $0.notNamespaces = ["other"] })
    #expect(Self.evaluate([notOther], L7Test.request("GET", "/ip", identity: L7Test.other)) == .deny(policy: nil))
  }

  @Test("requestPrincipals need a validated JWT; DENY notRequestPrincipals * rejects requests without one")
  func requestPrincipals() {
    let allow = Self.policy(.allow, from: Self.source { $0.requestPrincipals = ["https://issuer.test/*"] })
    #expect(Self.evaluate([allow], jwt: Self.jwt) == .allow)
    #expect(Self.evaluate([allow]) == .deny(policy: nil))
    let requireJWT = Self.policy(.deny, from: Self.source { $0.notRequestPrincipals = ["*"] })
    #expect(Self.evaluate([requireJWT]) == .deny(policy: "ambient-apps/p"))
    #expect(Self.evaluate([requireJWT], jwt: Self.jwt) == .allow)
  }

  @Test("ipBlocks and notIpBlocks match the source address by CIDR")
  func ipBlocks() {
    let policy = Self.policy(
      .allow,
      from: Self.source {
        $0.ipBlocks = ["10.244.0.0/16"]; $0.notIpBlocks = ["10.244.9.0/24"]
      })
    #expect(Self.evaluate([policy]) == .allow)
    #expect(Self.evaluate([policy], L7Test.request("GET", "/", sourceIP: "10.244.9.3")) == .deny(policy: nil))
    #expect(Self.evaluate([policy], L7Test.request("GET", "/", sourceIP: "192.168.0.1")) == .deny(policy: nil))
    #expect(Self.evaluate([policy], L7Test.request("GET", "/", sourceIP: nil)) == .deny(policy: nil))
  }

  @Test(
    "operation fields: hosts (case and port), ports, methods, paths (query ignored)",
    arguments: [
      (L7Test.request("GET", "/ip"), true),
      (L7Test.request("GET", "/ip?x=1"), true),
      (L7Test.request("GET", "/IP"), false),
      (L7Test.request("POST", "/ip"), false),
      (L7Test.request("GET", "/ip", authority: "HTTPBIN"), true),
      (L7Test.request("GET", "/ip", authority: "other:8000"), false),
      (L7Test.request("GET", "/ip", port: 9000), false),
      (L7Test.request("GET", "/status/200"), true),
      (L7Test.request("GET", "/status/500"), false),
    ])
  func operations(request: L7Request, allowed: Bool) {
    let policy = Self.policy(
      .allow,
      to: Self.operation {
        $0.hosts = ["httpbin"]
        $0.ports = ["8000"]
        $0.methods = ["GET", "HEAD"]
        $0.paths = ["/ip", "/status/*"]
        $0.notPaths = ["*/500"]
      })
    #expect((Self.evaluate([policy], request) == .allow) == allowed)
  }

  @Test("a host pattern with a port only matches that port; wildcards are case-insensitive")
  func hosts() {
    let withPort = Self.policy(.allow, to: Self.operation { $0.hosts = ["httpbin:9000"] })
    #expect(Self.evaluate([withPort]) == .deny(policy: nil))
    let suffix = Self.policy(.allow, to: Self.operation { $0.hosts = ["*.SVC.cluster.local"] })
    #expect(
      Self.evaluate([suffix], L7Test.request("GET", "/", authority: "httpbin.ns.svc.cluster.local:8000")) == .allow)
    let notHosts = Self.policy(.allow, to: Self.operation { $0.notHosts = ["httpbin"] })
    #expect(Self.evaluate([notHosts]) == .deny(policy: nil))
  }

  @Test(
    "when conditions on claims, principal, audiences, presenter, headers, addresses, ports",
    arguments: [
      (L7Condition(key: "request.auth.claims[iss]", values: ["https://issuer.test"]), true),
      (L7Condition(key: "request.auth.claims[iss]", values: ["other"]), false),
      (L7Condition(key: "request.auth.claims[groups]", values: ["devs"]), true),
      (L7Condition(key: "request.auth.claims[groups]", notValues: ["admins"]), false),
      (L7Condition(key: "request.auth.claims[scope]", values: ["write"]), true),
      (L7Condition(key: "request.auth.claims[nested][team]", values: ["pay*"]), true),
      (L7Condition(key: "request.auth.claims[admin]", values: ["true"]), false),
      (L7Condition(key: "request.auth.claims[missing]", notValues: ["x"]), true),
      (L7Condition(key: "request.auth.principal", values: ["https://issuer.test/alice"]), true),
      (L7Condition(key: "request.auth.audiences", values: ["orders"]), true),
      (L7Condition(key: "request.auth.presenter", values: ["web"]), true),
      (L7Condition(key: "request.headers[x-env]", values: ["prod,canary"]), true),
      (L7Condition(key: "request.headers[x-env]", values: ["prod"]), false),
      (L7Condition(key: "request.headers[x-absent]", values: ["*"]), false),
      (L7Condition(key: "source.ip", values: ["10.244.1.0/24"]), true),
      (L7Condition(key: "remote.ip", notValues: ["10.244.1.7"]), false),
      (L7Condition(key: "source.namespace", values: ["ambient-apps"]), true),
      (L7Condition(key: "source.principal", values: ["*/sa/sleep-ambient"]), true),
      (L7Condition(key: "destination.ip", values: ["10.96.0.10"]), true),
      (L7Condition(key: "destination.port", values: ["8000"]), true),
      (L7Condition(key: "destination.port", notValues: ["8000"]), false),
      (L7Condition(key: "connection.sni", values: ["*"]), false),
    ])
  func conditions(condition: L7Condition, allowed: Bool) {
    let request = L7Test.request("GET", "/ip", headers: [("X-Env", "prod"), ("x-env", "canary")])
    let policy = Self.policy(.allow, when: [condition])
    #expect((Self.evaluate([policy], request, jwt: Self.jwt) == .allow) == allowed)
  }

  @Test("unreadable values fail closed: an ALLOW rule matches nothing, a DENY rule everything")
  func failClosed() {
    let badAllow = Self.policy(.allow, from: Self.source { $0.ipBlocks = ["10.0.0.0/99"] })
    let evaluator = L7AuthorizationEvaluator(policies: [badAllow])
    #expect(evaluator.problems.count == 1)
    #expect(Self.evaluate([badAllow]) == .deny(policy: nil))
    let badDeny = Self.policy(
      .deny, name: "strict", when: [L7Condition(key: "experimental.envoy.filters.x", values: ["y"])])
    let allowAll = L7AuthorizationPolicy(name: "all", namespace: "ns", action: .allow, rules: [L7AuthorizationRule()])
    #expect(Self.evaluate([allowAll, badDeny]) == .deny(policy: "ambient-apps/strict"))
    let badPort = Self.policy(.deny, to: Self.operation { $0.ports = ["http"] })
    #expect(Self.evaluate([allowAll, badPort], L7Test.request("GET", "/", port: 1)) == .deny(policy: "ambient-apps/p"))
  }
}
