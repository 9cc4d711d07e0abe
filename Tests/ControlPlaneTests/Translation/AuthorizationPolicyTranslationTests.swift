import ControlPlane
import Kube
import Shared
import Testing

/// AuthorizationPolicy → ztunnel's L4 model: scope, actions, rule shapes, and failing closed on
/// whatever cannot be enforced at L4 or is malformed.
@Suite("Translation: AuthorizationPolicy")
struct AuthorizationPolicyTranslationTests {
  typealias F = TranslationFixtures

  /// A namespace `apps` with one captured server pod (`app: web`, 10.0.0.10) and the policy.
  static func mesh(_ spec: String, namespace: String = "apps", name: String = "p") throws -> MeshSnapshot {
    let policy = """
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: \(name), namespace: \(namespace)}
      spec:
      \(spec.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n"))
      ---

      """
    return try F.translate(
      F.namespace("apps", labels: F.ambient)
        + F.pod("web", namespace: "apps", ip: "10.0.0.10", labels: ["app": "web"], annotations: F.captured)
        + F.pod("db", namespace: "apps", ip: "10.0.0.11", labels: ["app": "db"], annotations: F.captured) + policy)
  }

  static func rules(_ mesh: MeshSnapshot, _ key: String = "apps/p") throws -> [AuthorizationRule] {
    try #require(mesh.policy(key)).rules
  }

  static func diagnostic(
    _ mesh: MeshSnapshot, namespace: String = "apps", name: String = "p"
  ) throws
    -> ObjectDiagnostic
  {
    try #require(mesh.diagnostic(kind: "AuthorizationPolicy", namespace: namespace, name: name))
  }

  static func clause(_ matches: AuthorizationMatch...) -> AuthorizationClause { AuthorizationClause(matches: matches) }

  // MARK: - Rule shapes

  struct RuleCase: CustomTestStringConvertible, Sendable {
    var label: String
    var spec: String
    var rules: [AuthorizationRule]
    var testDescription: String { label }
  }

  static let ruleCases: [RuleCase] = [
    RuleCase(label: "no rules: matches nothing", spec: "action: ALLOW", rules: []),
    RuleCase(label: "empty rules: matches nothing", spec: "rules: []", rules: []),
    RuleCase(label: "one empty rule: matches everything", spec: "rules: [{}]", rules: [AuthorizationRule(clauses: [])]),
    RuleCase(
      label: "from entries OR inside one clause, to another clause",
      spec: """
        rules:
        - from:
          - source: {principals: ["cluster.local/ns/a/sa/x", "*"], namespaces: ["team-*"]}
          - source: {notPrincipals: ["*-admin"], ipBlocks: ["10.1.0.0/16", "10.2.3.4"], notIpBlocks: ["fd00::1"]}
          to:
          - operation: {ports: ["8080"], notPorts: ["9090"]}
        """,
      rules: [
        AuthorizationRule(clauses: [
          clause(
            AuthorizationMatch(
              namespaces: [.prefix("team-")], principals: [.exact("cluster.local/ns/a/sa/x"), .presence]),
            AuthorizationMatch(
              notPrincipals: [.suffix("-admin")],
              sourceIPs: [try! CIDR("10.1.0.0/16"), try! CIDR("10.2.3.4/32")], notSourceIPs: [try! CIDR("fd00::1/128")])
          ),
          clause(AuthorizationMatch(destinationPorts: [8080], notDestinationPorts: [9090])),
        ])
      ]),
    RuleCase(
      label: "remoteIpBlocks are source addresses at L4",
      spec: "rules: [{from: [{source: {remoteIpBlocks: [\"192.168.0.0/24\"], notRemoteIpBlocks: [\"192.168.0.7\"]}}]}]",
      rules: [
        AuthorizationRule(clauses: [
          clause(
            AuthorizationMatch(sourceIPs: [try! CIDR("192.168.0.0/24")], notSourceIPs: [try! CIDR("192.168.0.7/32")]))
        ])
      ]),
    RuleCase(
      label: "every when condition is a clause of its own",
      spec: """
        rules:
        - when:
          - {key: source.ip, values: ["10.0.0.0/8"], notValues: ["10.0.0.1"]}
          - {key: source.namespace, values: ["apps"]}
          - {key: source.principal, notValues: ["cluster.local/ns/apps/sa/bad"]}
          - {key: destination.ip, values: ["10.0.0.10"]}
          - {key: destination.port, values: ["80", "443"]}
        """,
      rules: [
        AuthorizationRule(clauses: [
          clause(AuthorizationMatch(sourceIPs: [try! CIDR("10.0.0.0/8")], notSourceIPs: [try! CIDR("10.0.0.1/32")])),
          clause(AuthorizationMatch(namespaces: [.exact("apps")])),
          clause(AuthorizationMatch(notPrincipals: [.exact("cluster.local/ns/apps/sa/bad")])),
          clause(AuthorizationMatch(destinationIPs: [try! CIDR("10.0.0.10/32")])),
          clause(AuthorizationMatch(destinationPorts: [80, 443])),
        ])
      ]),
    RuleCase(
      label: "DENY keeps the L4 part of a rule with L7 parts",
      spec: """
        action: DENY
        rules:
        - from: [{source: {namespaces: ["untrusted"], requestPrincipals: ["*"]}}]
          to: [{operation: {methods: ["POST"], ports: ["8080"]}}]
          when: [{key: "request.headers[x-debug]", values: ["1"]}]
        """,
      rules: [
        AuthorizationRule(clauses: [
          clause(AuthorizationMatch(namespaces: [.exact("untrusted")])),
          clause(AuthorizationMatch(destinationPorts: [8080])),
        ])
      ]),
    RuleCase(
      label: "DENY on L7 only: denies everything in scope",
      spec: "action: DENY\nrules: [{to: [{operation: {paths: [\"/admin\"]}}]}]",
      rules: [AuthorizationRule(clauses: [clause(AuthorizationMatch())])]),
    RuleCase(
      label: "ALLOW drops only the rules with L7 parts",
      spec: """
        rules:
        - to: [{operation: {paths: ["/ip"]}}]
        - from: [{source: {namespaces: ["apps"]}}]
        """,
      rules: [AuthorizationRule(clauses: [clause(AuthorizationMatch(namespaces: [.exact("apps")]))])]),
  ]

  @Test("rule shapes", arguments: ruleCases)
  func ruleShapes(_ c: RuleCase) throws {
    let mesh = try Self.mesh("selector: {matchLabels: {app: web}}\n" + c.spec)
    #expect(try Self.rules(mesh) == c.rules)
  }

  // MARK: - Scope

  @Test("scope: root namespace is global, no selector is the namespace, a selector picks workloads")
  func scope() throws {
    let global = try Self.mesh("rules: [{}]", namespace: "istio-system")
    #expect(global.policy("istio-system/p")?.scope == .global)
    #expect(global.workloads.allSatisfy { $0.authorizationPolicies.isEmpty })

    let namespaced = try Self.mesh("rules: [{}]")
    #expect(namespaced.policy("apps/p")?.scope == .namespace)

    let selected = try Self.mesh("selector: {matchLabels: {app: web}}\nrules: [{}]")
    #expect(selected.policy("apps/p")?.scope == .workloadSelector)
    #expect(selected.workload("apps", "web")?.authorizationPolicies == ["apps/p"])
    #expect(selected.workload("apps", "db")?.authorizationPolicies == [])

    // A selector in the root namespace selects matching workloads in every namespace.
    let rootSelector = try Self.mesh("selector: {matchLabels: {app: web}}\nrules: [{}]", namespace: "istio-system")
    #expect(rootSelector.workload("apps", "web")?.authorizationPolicies == ["istio-system/p"])
  }

  @Test("targetRefs: enforced at the waypoint, not sent to ztunnel")
  func targetRefs() throws {
    for spec in [
      "targetRefs: [{kind: Gateway, group: gateway.networking.k8s.io, name: wp}]\nrules: [{}]",
      "targetRef: {kind: Service, group: \"\", name: web}\naction: DENY",
    ] {
      let mesh = try Self.mesh(spec)
      #expect(mesh.policies.isEmpty)
      let diagnostic = try Self.diagnostic(mesh)
      #expect(diagnostic.accepted)
      #expect(diagnostic.reason == "AppliesAtWaypoint")
      #expect(diagnostic.message.contains("applies at the waypoint"))
    }
  }

  // MARK: - Actions

  @Test("DENY and ALLOW as users see them")
  func verdicts() throws {
    let deny = try Self.mesh(
      "action: DENY\nrules: [{from: [{source: {principals: [\"cluster.local/ns/apps/sa/rogue\"]}}]}]")
    let web = try #require(deny.workload("apps", "web"))
    #expect(try F.verdict(deny, from: F.identity("apps", "rogue"), to: web) == .deniedByPolicy("apps/p"))
    #expect(try F.verdict(deny, from: F.identity("apps", "friend"), to: web) == .allow)

    let allow = try Self.mesh(
      "rules: [{from: [{source: {notNamespaces: [\"evil\"]}}], to: [{operation: {ports: [\"80\"]}}]}]")
    let web2 = try #require(allow.workload("apps", "web"))
    #expect(try F.verdict(allow, from: F.identity("apps", "x"), to: web2, port: 80) == .allow)
    #expect(try F.verdict(allow, from: F.identity("apps", "x"), to: web2, port: 81) == .notAllowed)
    #expect(try F.verdict(allow, from: F.identity("evil", "x"), to: web2, port: 80) == .notAllowed)
  }

  @Test("AUDIT is not enforced and says so")
  func audit() throws {
    let mesh = try Self.mesh("action: AUDIT\nrules: [{}]")
    #expect(mesh.policies.isEmpty)
    let diagnostic = try Self.diagnostic(mesh)
    #expect(!diagnostic.accepted)
    #expect(diagnostic.reason == "UnsupportedValue")
    #expect(diagnostic.message.contains("AUDIT"))
  }

  @Test("CUSTOM and unknown actions deny everything in scope (fail closed)", arguments: ["CUSTOM", "DENNY"])
  func failClosedActions(_ action: String) throws {
    let mesh = try Self.mesh(
      "selector: {matchLabels: {app: web}}\naction: \(action)\nprovider: {name: ext-authz}\nrules: [{to: [{operation: {paths: [\"/x\"]}}]}]"
    )
    let policy = try #require(mesh.policy("apps/p"))
    #expect(policy.action == .deny)
    #expect(policy.scope == .workloadSelector)
    #expect(policy.rules == [AuthorizationRule(clauses: [])])
    let web = try #require(mesh.workload("apps", "web"))
    let db = try #require(mesh.workload("apps", "db"))
    #expect(try F.verdict(mesh, from: F.identity("apps", "any"), to: web) == .deniedByPolicy("apps/p"))
    #expect(try F.verdict(mesh, from: F.identity("apps", "any"), to: db) == .allow)
    let diagnostic = try Self.diagnostic(mesh)
    #expect(!diagnostic.accepted)
    #expect(diagnostic.reason == (action == "CUSTOM" ? "UnsupportedValue" : "InvalidValue"))
    #expect(diagnostic.message.contains("spec.action"))
    #expect(diagnostic.message.contains(action))
    #expect(diagnostic.message.contains("fail closed"))
  }

  // MARK: - Malformed values

  struct MalformedCase: CustomTestStringConvertible, Sendable {
    var label: String
    var rule: String
    var message: String
    var testDescription: String { label }
  }

  static let malformedCases: [MalformedCase] = [
    MalformedCase(
      label: "bad CIDR", rule: "{from: [{source: {ipBlocks: [\"10.0.0.0/8\", \"10.0.0.300/8\"]}}]}",
      message: "spec.rules[0].from[0].source.ipBlocks[1]: \"10.0.0.300/8\" is not a CIDR"),
    MalformedCase(
      label: "named port", rule: "{to: [{operation: {ports: [\"http\"]}}]}",
      message: "spec.rules[0].to[0].operation.ports[0]: \"http\" is not a port number (1-65535)"),
    MalformedCase(
      label: "port 0", rule: "{to: [{operation: {notPorts: [\"0\"]}}]}",
      message: "spec.rules[0].to[0].operation.notPorts[0]: \"0\" is not a port number"),
    MalformedCase(
      label: "port 70000", rule: "{when: [{key: destination.port, values: [\"70000\"]}]}",
      message: "spec.rules[0].when[0].values[0]: \"70000\" is not a port number"),
    MalformedCase(
      label: "principal with spaces", rule: "{from: [{source: {principals: [\"cluster.local/ns/a/sa/my app\"]}}]}",
      message: "spec.rules[0].from[0].source.principals[0]: \"cluster.local/ns/a/sa/my app\" contains whitespace"),
    MalformedCase(
      label: "wildcard in the middle", rule: "{from: [{source: {namespaces: [\"a*b\"]}}]}",
      message: "spec.rules[0].from[0].source.namespaces[0]: \"a*b\" may use \"*\" only"),
    MalformedCase(
      label: "unknown when key", rule: "{when: [{key: source.ipp, values: [\"10.0.0.1\"]}]}",
      message: "spec.rules[0].when[0].key: \"source.ipp\" is not a known condition key"),
    MalformedCase(
      label: "misspelt source field", rule: "{from: [{source: {principal: [\"x\"]}}]}",
      message: "spec.rules[0].from[0].source.principal: is not a field of source"),
    MalformedCase(
      label: "empty source", rule: "{from: [{source: {}}]}",
      message: "spec.rules[0].from[0].source: must set at least one field"),
    MalformedCase(
      label: "condition without values", rule: "{when: [{key: source.ip}]}",
      message: "spec.rules[0].when[0]: condition \"source.ip\" must list values or notValues"),
  ]

  @Test("malformed value in an ALLOW rule: the rule matches nothing", arguments: malformedCases)
  func malformedAllow(_ c: MalformedCase) throws {
    let mesh = try Self.mesh("rules:\n- \(c.rule)\n- from: [{source: {namespaces: [\"apps\"]}}]")
    // Only the valid second rule is left.
    #expect(
      try Self.rules(mesh) == [
        AuthorizationRule(clauses: [Self.clause(AuthorizationMatch(namespaces: [.exact("apps")]))])
      ])
    let web = try #require(mesh.workload("apps", "web"))
    #expect(try F.verdict(mesh, from: F.identity("other", "x"), sourceIP: "10.0.0.1", to: web) == .notAllowed)
    let diagnostic = try Self.diagnostic(mesh)
    #expect(!diagnostic.accepted)
    #expect(diagnostic.reason == "InvalidValue")
    #expect(diagnostic.message.contains(c.message), "\(diagnostic.message)")
    #expect(diagnostic.message.contains("ALLOW rule spec.rules[0] matches nothing (fail closed)"))
  }

  @Test("malformed value in a DENY rule: the rule matches everything in scope", arguments: malformedCases)
  func malformedDeny(_ c: MalformedCase) throws {
    let mesh = try Self.mesh("action: DENY\nrules:\n- \(c.rule)")
    #expect(try Self.rules(mesh) == [AuthorizationRule(clauses: [])])
    let web = try #require(mesh.workload("apps", "web"))
    #expect(try F.verdict(mesh, from: F.identity("apps", "friend"), to: web) == .deniedByPolicy("apps/p"))
    let diagnostic = try Self.diagnostic(mesh)
    #expect(!diagnostic.accepted)
    #expect(diagnostic.message.contains(c.message))
    #expect(diagnostic.message.contains("DENY rule spec.rules[0] matches every connection in scope (fail closed)"))
  }

  @Test("L7 in DENY: accepted, enforced at L4 only, and the fields are named")
  func l7Deny() throws {
    let mesh = try Self.mesh("action: DENY\nrules: [{to: [{operation: {methods: [\"DELETE\"], ports: [\"80\"]}}]}]")
    let diagnostic = try Self.diagnostic(mesh)
    #expect(diagnostic.accepted)
    #expect(diagnostic.reason == "L7AttributesIgnored")
    #expect(diagnostic.message.contains("spec.rules[0].to[0].operation.methods"))
    let web = try #require(mesh.workload("apps", "web"))
    #expect(try F.verdict(mesh, from: F.identity("apps", "x"), to: web, port: 80) == .deniedByPolicy("apps/p"))
    #expect(try F.verdict(mesh, from: F.identity("apps", "x"), to: web, port: 81) == .allow)
  }

  @Test("a bad policy never affects another")
  func isolation() throws {
    let yaml =
      F.namespace("apps", labels: F.ambient)
      + F.pod("web", namespace: "apps", ip: "10.0.0.10", labels: ["app": "web"], annotations: F.captured)
        + """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: broken, namespace: apps}
        spec: {action: DENY, rules: "oops"}
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: good, namespace: apps}
        spec: {rules: [{from: [{source: {namespaces: [apps]}}]}]}
        ---

        """
    let mesh = try F.translate(yaml)
    #expect(mesh.policies.map(\.key) == ["apps/broken", "apps/good"])
    #expect(mesh.policy("apps/good")?.rules.count == 1)
    #expect(mesh.diagnostic(kind: "AuthorizationPolicy", namespace: "apps", name: "good")?.accepted == true)
    let broken = try #require(mesh.diagnostic(kind: "AuthorizationPolicy", namespace: "apps", name: "broken"))
    #expect(!broken.accepted)
    #expect(broken.message.contains("spec.rules: must be a list"))
  }

  @Test("the dry-run annotation is carried")
  func dryRun() throws {
    let yaml =
      F.pod("web", namespace: "apps", ip: "10.0.0.10") + """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: p, namespace: apps, annotations: {istio.io/dry-run: "true"}}
        spec: {action: DENY, rules: [{}]}
        ---

        """
    #expect(try F.translate(yaml).policy("apps/p")?.dryRun == true)
  }
}
