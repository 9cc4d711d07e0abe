import Shared
import Testing

/// Istio's L4 semantics, case by case. Each case: the policies applying to httpbin, a connection,
/// and the verdict Istio's ztunnel reaches.
struct AuthorizationEvaluatorTests {
  static let sleep = try! SpiffeIdentity(parsing: "spiffe://cluster.local/ns/ambient-apps/sa/sleep-ambient")
  static let rogue = try! SpiffeIdentity(parsing: "spiffe://cluster.local/ns/ambient-apps/sa/rogue-sa")
  static let legacy = try! SpiffeIdentity(parsing: "spiffe://cluster.local/ns/legacy-apps/sa/default")

  static func conn(
    _ id: SpiffeIdentity?, src: String = "10.0.1.5", dst: String = "10.0.2.7", port: UInt16 = 80
  )
    -> ConnectionAttributes
  {
    ConnectionAttributes(
      sourceIdentity: id, sourceIP: try! IPAddress(src), destinationIP: try! IPAddress(dst), destinationPort: port)
  }

  static func policy(
    _ action: PolicyAction, _ matches: [AuthorizationMatch]..., dryRun: Bool = false
  )
    -> AuthorizationPolicy
  {
    AuthorizationPolicy(
      name: "p\(matches.count)", namespace: "ambient-apps", scope: .namespace, action: action,
      rules: [AuthorizationRule(clauses: matches.map { AuthorizationClause(matches: $0) })], dryRun: dryRun)
  }

  static let fromSleep = AuthorizationMatch(principals: [.exact("cluster.local/ns/ambient-apps/sa/sleep-ambient")])

  struct Case: CustomTestStringConvertible, Sendable {
    let name: String
    let policies: [AuthorizationPolicy]
    let connection: ConnectionAttributes
    let allowed: Bool
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(name: "no policies allow", policies: [], connection: conn(sleep), allowed: true),
    Case(
      name: "ALLOW principal matches", policies: [policy(.allow, [fromSleep])], connection: conn(sleep), allowed: true),
    Case(
      name: "ALLOW principal differs", policies: [policy(.allow, [fromSleep])], connection: conn(rogue), allowed: false),
    Case(
      name: "ALLOW principal, plaintext caller", policies: [policy(.allow, [fromSleep])], connection: conn(nil),
      allowed: false),
    Case(
      name: "ALLOW with no rules denies all",
      policies: [
        AuthorizationPolicy(name: "x", namespace: "ambient-apps", scope: .namespace, action: .allow, rules: [])
      ],
      connection: conn(sleep), allowed: false),
    Case(
      name: "ALLOW rule with no clauses allows all",
      policies: [
        AuthorizationPolicy(name: "x", namespace: "n", scope: .global, action: .allow, rules: [.init(clauses: [])])
      ],
      connection: conn(nil), allowed: true),
    Case(
      name: "DENY overrides ALLOW",
      policies: [policy(.allow, [fromSleep]), policy(.deny, [AuthorizationMatch(destinationPorts: [80])])],
      connection: conn(sleep), allowed: false),
    Case(
      name: "DENY on other port does not apply",
      policies: [policy(.deny, [AuthorizationMatch(destinationPorts: [9090])])], connection: conn(rogue), allowed: true),
    Case(
      name: "DENY notPorts excludes listed port",
      policies: [policy(.deny, [AuthorizationMatch(notDestinationPorts: [80])])], connection: conn(rogue), allowed: true
    ),
    Case(
      name: "DENY notPorts hits other ports",
      policies: [policy(.deny, [AuthorizationMatch(notDestinationPorts: [80])])], connection: conn(rogue, port: 8080),
      allowed: false),
    Case(
      name: "dry-run DENY never denies",
      policies: [policy(.deny, [AuthorizationMatch()], dryRun: true)], connection: conn(rogue), allowed: true),
    Case(
      name: "dry-run ALLOW does not make ALLOW mandatory",
      policies: [policy(.allow, [fromSleep], dryRun: true)], connection: conn(rogue), allowed: true),
    Case(
      name: "clauses AND: principal and port both needed",
      policies: [policy(.allow, [fromSleep], [AuthorizationMatch(destinationPorts: [8080])])], connection: conn(sleep),
      allowed: false),
    Case(
      name: "matches OR inside a clause",
      policies: [policy(.allow, [AuthorizationMatch(destinationPorts: [8080]), fromSleep])], connection: conn(sleep),
      allowed: true),
    Case(
      name: "fields AND inside one match",
      policies: [
        policy(
          .allow, [AuthorizationMatch(namespaces: [.exact("ambient-apps")], sourceIPs: [try! CIDR("192.168.0.0/16")])])
      ],
      connection: conn(sleep), allowed: false),
    Case(
      name: "namespace match", policies: [policy(.allow, [AuthorizationMatch(namespaces: [.exact("legacy-apps")])])],
      connection: conn(legacy), allowed: true),
    Case(
      name: "notNamespaces excludes",
      policies: [policy(.allow, [AuthorizationMatch(notNamespaces: [.exact("legacy-apps")])])],
      connection: conn(legacy), allowed: false),
    Case(
      name: "ipBlocks", policies: [policy(.allow, [AuthorizationMatch(sourceIPs: [try! CIDR("10.0.1.0/24")])])],
      connection: conn(nil), allowed: true),
    Case(
      name: "notIpBlocks", policies: [policy(.deny, [AuthorizationMatch(notSourceIPs: [try! CIDR("10.0.0.0/8")])])],
      connection: conn(nil, src: "172.16.0.1"), allowed: false),
    Case(
      name: "destination ip", policies: [policy(.allow, [AuthorizationMatch(destinationIPs: [try! CIDR("10.0.2.7")])])],
      connection: conn(rogue), allowed: true),
    Case(
      name: "presence needs an identity", policies: [policy(.allow, [AuthorizationMatch(principals: [.presence])])],
      connection: conn(nil), allowed: false),
    Case(
      name: "presence with identity", policies: [policy(.allow, [AuthorizationMatch(principals: [.presence])])],
      connection: conn(rogue), allowed: true),
    Case(
      name: "prefix principal",
      policies: [
        policy(.allow, [AuthorizationMatch(principals: [StringMatch(istioPattern: "cluster.local/ns/ambient-apps/*")])])
      ],
      connection: conn(rogue), allowed: true),
    Case(
      name: "suffix principal",
      policies: [policy(.deny, [AuthorizationMatch(principals: [StringMatch(istioPattern: "*/sa/rogue-sa")])])],
      connection: conn(rogue), allowed: false),
    Case(
      name: "service account match",
      policies: [
        policy(
          .allow,
          [AuthorizationMatch(serviceAccounts: [.init(namespace: "ambient-apps", serviceAccount: "sleep-ambient")])])
      ],
      connection: conn(sleep), allowed: true),
    Case(
      name: "notServiceAccounts excludes",
      policies: [
        policy(
          .allow,
          [AuthorizationMatch(notServiceAccounts: [.init(namespace: "ambient-apps", serviceAccount: "rogue-sa")])])
      ],
      connection: conn(rogue), allowed: false),
    Case(
      name: "DENY all but sleep also denies a plaintext caller (a missing identity is never excluded)",
      policies: [
        policy(.deny, [AuthorizationMatch(notPrincipals: [.exact("cluster.local/ns/ambient-apps/sa/sleep-ambient")])])
      ],
      connection: conn(nil), allowed: false),
    Case(
      name: "DENY all but sleep lets sleep through",
      policies: [
        policy(.deny, [AuthorizationMatch(notPrincipals: [.exact("cluster.local/ns/ambient-apps/sa/sleep-ambient")])])
      ],
      connection: conn(sleep), allowed: true),
    Case(
      name: "empty clause matches nothing", policies: [policy(.allow, [])], connection: conn(sleep), allowed: false),
  ]

  @Test(arguments: cases)
  func verdict(_ c: Case) {
    #expect(AuthorizationEvaluator.evaluate(c.policies, for: c.connection).isAllowed == c.allowed)
  }

  @Test func denyNamesThePolicy() {
    let deny = AuthorizationPolicy(
      name: "block", namespace: "ambient-apps", scope: .namespace, action: .deny,
      rules: [.init(clauses: [.init(matches: [AuthorizationMatch()])])])
    #expect(
      AuthorizationEvaluator.evaluate([deny], for: Self.conn(Self.sleep)) == .deniedByPolicy("ambient-apps/block"))
    #expect(
      AuthorizationEvaluator.evaluate([Self.policy(.allow, [Self.fromSleep])], for: Self.conn(Self.rogue))
        == .notAllowed)
  }

  @Test func scopeDecidesWhichPoliciesApply() {
    let httpbin = Workload(
      uid: "Kubernetes//Pod/ambient-apps/httpbin", name: "httpbin", namespace: "ambient-apps",
      authorizationPolicies: ["ambient-apps/selected"])
    func allowOnlySleep(_ name: String, _ ns: String, _ scope: PolicyScope) -> AuthorizationPolicy {
      AuthorizationPolicy(
        name: name, namespace: ns, scope: scope, action: .allow,
        rules: [.init(clauses: [.init(matches: [Self.fromSleep])])])
    }
    let selected = allowOnlySleep("selected", "ambient-apps", .workloadSelector)
    let unselected = allowOnlySleep("other", "ambient-apps", .workloadSelector)
    let otherNamespace = allowOnlySleep("ns", "legacy-apps", .namespace)
    let global = allowOnlySleep("mesh", "istio-system", .global)
    #expect(selected.applies(to: httpbin))
    #expect(!unselected.applies(to: httpbin))
    #expect(!otherNamespace.applies(to: httpbin))
    #expect(global.applies(to: httpbin))
    // Only policies that apply count: an unselected ALLOW does not lock the workload down.
    #expect(
      AuthorizationEvaluator.evaluate([unselected, otherNamespace], for: Self.conn(Self.rogue), to: httpbin) == .allow)
    #expect(AuthorizationEvaluator.evaluate([selected], for: Self.conn(Self.rogue), to: httpbin) == .notAllowed)
  }
}
