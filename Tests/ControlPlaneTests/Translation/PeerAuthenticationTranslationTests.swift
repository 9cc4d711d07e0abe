import ControlPlane
import Kube
import Shared
import Testing

/// PeerAuthentication → the DENY policies that make ztunnel refuse plaintext where mTLS is STRICT.
@Suite("Translation: PeerAuthentication")
struct PeerAuthenticationTranslationTests {
  typealias F = TranslationFixtures

  static func peerAuthentication(
    _ name: String, namespace: String, mode: String?, selector: [String: String]? = nil, ports: String = "",
    created: String = "2026-01-01T00:00:00Z"
  ) -> String {
    var spec: [String] = []
    if let selector { spec.append("selector: {matchLabels: \(F.flow(selector))}") }
    if let mode { spec.append("mtls: {mode: \(mode)}") }
    if !ports.isEmpty { spec.append("portLevelMtls: \(ports)") }
    return """
      apiVersion: security.istio.io/v1
      kind: PeerAuthentication
      metadata: {name: \(name), namespace: \(namespace), creationTimestamp: "\(created)"}
      spec: {\(spec.joined(separator: ", "))}
      ---

      """
  }

  /// Enrolled `apps` (pods `web` and `db`), enrolled `other` (pod `api`), plain `legacy` (pod `old`).
  static let workloads =
    F.namespace("apps", labels: F.ambient) + F.namespace("other", labels: F.ambient) + F.namespace("legacy")
    + F.pod("web", namespace: "apps", ip: "10.0.0.10", labels: ["app": "web"], annotations: F.captured)
    + F.pod("db", namespace: "apps", ip: "10.0.0.11", labels: ["app": "db"], annotations: F.captured)
    + F.pod("api", namespace: "other", ip: "10.0.0.12", labels: ["app": "api"], annotations: F.captured)
    + F.pod("old", namespace: "legacy", ip: "10.0.0.13", labels: ["app": "old"])

  static let strictMatch = AuthorizationMatch(notPrincipals: [.presence])

  static func denyPlaintext(_ match: AuthorizationMatch) -> [AuthorizationRule] {
    [AuthorizationRule(clauses: [AuthorizationClause(matches: [match])])]
  }

  @Test("mesh-wide STRICT: every workload in the mesh refuses plaintext, with mTLS still allowed")
  func meshStrict() throws {
    let mesh = try F.translate(
      Self.workloads + Self.peerAuthentication("default", namespace: "istio-system", mode: "STRICT"))
    let policy = try #require(mesh.policy("istio-system/istio_converted_static_strict"))
    #expect(policy.scope == .workloadSelector)
    #expect(policy.action == .deny)
    #expect(policy.rules == Self.denyPlaintext(Self.strictMatch))
    for (namespace, name) in [("apps", "web"), ("apps", "db"), ("other", "api")] {
      let workload = try #require(mesh.workload(namespace, name))
      #expect(workload.authorizationPolicies == ["istio-system/istio_converted_static_strict"])
      #expect(try F.verdict(mesh, from: nil, to: workload) == .deniedByPolicy(policy.key))
      #expect(try F.verdict(mesh, from: F.identity("apps", "x"), to: workload) == .allow)
    }
    // Outside the mesh nothing can be enforced: not listed.
    #expect(mesh.workload("legacy", "old")?.authorizationPolicies == [])
    #expect(mesh.diagnostic(kind: "PeerAuthentication", namespace: "istio-system", name: "default")?.accepted == true)
  }

  @Test("namespace PERMISSIVE overrides mesh STRICT")
  func namespaceOverride() throws {
    let mesh = try F.translate(
      Self.workloads + Self.peerAuthentication("default", namespace: "istio-system", mode: "STRICT")
        + Self.peerAuthentication("relaxed", namespace: "apps", mode: "PERMISSIVE"))
    #expect(mesh.workload("apps", "web")?.authorizationPolicies == [])
    #expect(mesh.workload("other", "api")?.authorizationPolicies == ["istio-system/istio_converted_static_strict"])
    let web = try #require(mesh.workload("apps", "web"))
    #expect(try F.verdict(mesh, from: nil, to: web) == .allow)
  }

  @Test("namespace STRICT is named after its PeerAuthentication")
  func namespaceStrict() throws {
    let mesh = try F.translate(Self.workloads + Self.peerAuthentication("strict", namespace: "apps", mode: "STRICT"))
    #expect(mesh.policies.map(\.key) == ["apps/converted_peer_authentication_strict"])
    #expect(mesh.workload("apps", "db")?.authorizationPolicies == ["apps/converted_peer_authentication_strict"])
    #expect(mesh.workload("other", "api")?.authorizationPolicies == [])
  }

  @Test("workload STRICT with a PERMISSIVE port: plaintext refused except on that port")
  func workloadPortLevel() throws {
    let mesh = try F.translate(
      Self.workloads
        + Self.peerAuthentication(
          "web-strict", namespace: "apps", mode: "STRICT", selector: ["app": "web"],
          ports: "{\"8080\": {mode: PERMISSIVE}}"))
    let key = "apps/converted_peer_authentication_web-strict"
    let policy = try #require(mesh.policy(key))
    #expect(
      policy.rules == Self.denyPlaintext(AuthorizationMatch(notPrincipals: [.presence], notDestinationPorts: [8080])))
    let web = try #require(mesh.workload("apps", "web"))
    #expect(web.authorizationPolicies == [key])
    #expect(try F.verdict(mesh, from: nil, to: web, port: 80) == .deniedByPolicy(key))
    #expect(try F.verdict(mesh, from: nil, to: web, port: 8080) == .allow)
    #expect(mesh.workload("apps", "db")?.authorizationPolicies == [])
  }

  @Test("PERMISSIVE workload with a STRICT port: only that port refuses plaintext")
  func strictPortOnly() throws {
    let mesh = try F.translate(
      Self.workloads
        + Self.peerAuthentication(
          "web", namespace: "apps", mode: "PERMISSIVE", selector: ["app": "web"], ports: "{\"5432\": {mode: STRICT}}"))
    let policy = try #require(mesh.policy("apps/converted_peer_authentication_web"))
    #expect(
      policy.rules == Self.denyPlaintext(AuthorizationMatch(notPrincipals: [.presence], destinationPorts: [5432])))
  }

  struct ModeCase: CustomTestStringConvertible, Sendable {
    var label: String
    var mesh: String?
    var namespace: String?
    var workload: String?
    var workloadPorts = ""
    var expected: String?
    var testDescription: String { label }
  }

  static let modeCases: [ModeCase] = [
    ModeCase(label: "nothing: PERMISSIVE", mesh: nil, namespace: nil, workload: nil, expected: nil),
    ModeCase(
      label: "DISABLE accepts plaintext", mesh: "STRICT", namespace: "DISABLE", workload: nil, expected: nil),
    ModeCase(
      label: "namespace UNSET inherits mesh STRICT", mesh: "STRICT", namespace: "UNSET", workload: nil,
      expected: "istio-system/istio_converted_static_strict"),
    ModeCase(
      label: "workload UNSET inherits namespace STRICT", mesh: nil, namespace: "STRICT", workload: "UNSET",
      expected: "apps/converted_peer_authentication_ns"),
    ModeCase(
      label: "workload UNSET with ports inherits the base", mesh: nil, namespace: "STRICT", workload: "UNSET",
      workloadPorts: "{\"9000\": {mode: DISABLE}}", expected: "apps/converted_peer_authentication_wl"),
    ModeCase(
      label: "workload PERMISSIVE overrides namespace STRICT", mesh: nil, namespace: "STRICT",
      workload: "PERMISSIVE", expected: nil),
    ModeCase(
      label: "workload STRICT under mesh PERMISSIVE", mesh: "PERMISSIVE", namespace: nil, workload: "STRICT",
      expected: "apps/converted_peer_authentication_wl"),
  ]

  @Test("inheritance of modes", arguments: modeCases)
  func inheritance(_ c: ModeCase) throws {
    var yaml = Self.workloads
    if let mode = c.mesh { yaml += Self.peerAuthentication("mesh", namespace: "istio-system", mode: mode) }
    if let mode = c.namespace { yaml += Self.peerAuthentication("ns", namespace: "apps", mode: mode) }
    if let mode = c.workload {
      yaml += Self.peerAuthentication(
        "wl", namespace: "apps", mode: mode, selector: ["app": "web"], ports: c.workloadPorts)
    }
    let mesh = try F.translate(yaml)
    let web = try #require(mesh.workload("apps", "web"))
    #expect(web.authorizationPolicies == (c.expected.map { [$0] } ?? []))
    if let key = c.expected {
      #expect(try F.verdict(mesh, from: nil, to: web) == .deniedByPolicy(key))
    } else {
      #expect(try F.verdict(mesh, from: nil, to: web) == .allow)
    }
  }

  @Test("several workload policies: the oldest wins")
  func oldestWins() throws {
    let mesh = try F.translate(
      Self.workloads
        + Self.peerAuthentication(
          "newer", namespace: "apps", mode: "PERMISSIVE", selector: ["app": "web"], created: "2026-02-01T00:00:00Z")
        + Self.peerAuthentication(
          "older", namespace: "apps", mode: "STRICT", selector: ["app": "web"], created: "2025-01-01T00:00:00Z"))
    #expect(mesh.workload("apps", "web")?.authorizationPolicies == ["apps/converted_peer_authentication_older"])
  }

  @Test("an invalid mode is reported and treated as STRICT (fail closed)")
  func invalidMode() throws {
    let mesh = try F.translate(
      Self.workloads + Self.peerAuthentication("typo", namespace: "apps", mode: "STRICKT")
        + Self.peerAuthentication(
          "ports", namespace: "other", mode: "PERMISSIVE", selector: ["app": "api"],
          ports: "{\"80\": {mode: NOPE}, \"x\": {mode: STRICT}}"))
    #expect(mesh.workload("apps", "web")?.authorizationPolicies == ["apps/converted_peer_authentication_typo"])
    let diagnostic = try #require(mesh.diagnostic(kind: "PeerAuthentication", namespace: "apps", name: "typo"))
    #expect(!diagnostic.accepted)
    #expect(diagnostic.reason == "InvalidValue")
    #expect(diagnostic.message.contains("spec.mtls.mode: \"STRICKT\" is not one of UNSET, DISABLE, PERMISSIVE, STRICT"))
    #expect(diagnostic.message.contains("treated as STRICT"))

    let portPolicy = try #require(mesh.policy("other/converted_peer_authentication_ports"))
    #expect(
      portPolicy.rules == Self.denyPlaintext(AuthorizationMatch(notPrincipals: [.presence], destinationPorts: [80])))
    let portDiagnostic = try #require(mesh.diagnostic(kind: "PeerAuthentication", namespace: "other", name: "ports"))
    #expect(portDiagnostic.message.contains("spec.portLevelMtls[80].mode: \"NOPE\""))
    #expect(portDiagnostic.message.contains("spec.portLevelMtls[x]: \"x\" is not a port number"))
  }

  @Test("a second namespace-wide policy is reported as ignored")
  func conflict() throws {
    let mesh = try F.translate(
      Self.workloads
        + Self.peerAuthentication("first", namespace: "apps", mode: "STRICT", created: "2025-01-01T00:00:00Z")
        + Self.peerAuthentication("second", namespace: "apps", mode: "PERMISSIVE", created: "2026-01-01T00:00:00Z"))
    #expect(mesh.workload("apps", "web")?.authorizationPolicies == ["apps/converted_peer_authentication_first"])
    let second = try #require(mesh.diagnostic(kind: "PeerAuthentication", namespace: "apps", name: "second"))
    #expect(!second.accepted)
    #expect(second.reason == "Conflict")
    #expect(second.message.contains("apps/first"))
  }
}
