import ControlPlane
import MeshCtlKit
import Testing

@Suite("meshctl analyze")
struct AnalyzerTests {
  typealias F = InventoryFixtures

  static func findings(_ extra: String, base: String = InventoryFixtures.walkthrough) throws -> [Finding] {
    let inventory = try F.inventory(base + extra)
    return Analyzer.analyze(inventory, snapshot: inventory.translate())
  }

  @Test("the walkthrough as written has no problems")
  func cleanWalkthrough() throws {
    #expect(try Self.findings("") == [])
  }

  @Test("a typo in the enrollment label's value, with the command that fixes it")
  func labelValueTypo() throws {
    let findings = try Self.findings(
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: shop, labels: {istio.io/dataplane-mode: ambiant}}
      """)
    let finding = try #require(findings.first { $0.code == .labelValueTypo })
    #expect(finding.object == "Namespace shop")
    #expect(finding.fix == "kubectl label namespace shop istio.io/dataplane-mode=ambient --overwrite")
    #expect(findings.count == 1)  // not reported a second time from translation's diagnostics
  }

  @Test("a typo in a mesh label's key")
  func labelKeyTypo() throws {
    let findings = try Self.findings(
      F.pod("web-1", "legacy-apps", ip: "10.244.1.50", labels: "{istio.io/dataplane-mod: ambient}"))
    let finding = try #require(findings.first { $0.code == .labelKeyTypo })
    #expect(finding.object == "Pod legacy-apps/web-1")
    #expect(finding.fix.contains("istio.io/dataplane-mod- istio.io/dataplane-mode=ambient"))
  }

  @Test("a policy whose selector matches no pod, and one that only matches pods outside the mesh")
  func policiesThatSelectNothing() throws {
    let findings = try Self.findings(
      """
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: typo-selector, namespace: ambient-apps}
      spec:
        selector: {matchLabels: {app: httpbin-ambeint}}
        action: DENY
        rules: [{from: [{source: {namespaces: [legacy-apps]}}]}]
      ---
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: legacy-only, namespace: legacy-apps}
      spec:
        selector: {matchLabels: {app: httpbin-legacy}}
        action: ALLOW
      """)
    let nothing = try #require(findings.first { $0.code == .policySelectsNothing })
    #expect(nothing.object == "AuthorizationPolicy ambient-apps/typo-selector")
    #expect(nothing.message.contains("app=httpbin-ambeint"))
    let outside = try #require(findings.first { $0.code == .policySelectsOutsideMesh })
    #expect(outside.object == "AuthorizationPolicy legacy-apps/legacy-only")
    #expect(outside.fix == "kubectl label namespace legacy-apps istio.io/dataplane-mode=ambient")
  }

  @Test("L7 rules with no waypoint: a selector policy with paths, and targetRefs to a Service without one")
  func l7RulesWithoutWaypoint() throws {
    let findings = try Self.findings(
      """
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: paths-at-ztunnel, namespace: ambient-apps}
      spec:
        selector: {matchLabels: {app: httpbin-ambient}}
        action: ALLOW
        rules: [{to: [{operation: {paths: ["/ip"]}}]}]
      ---
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: targets-service, namespace: ambient-apps}
      spec:
        targetRefs: [{kind: Service, group: "", name: httpbin-ambient}]
        action: ALLOW
        rules: [{to: [{operation: {methods: [GET]}}]}]
      """)
    let l7 = findings.filter { $0.code == .l7RulesWithoutWaypoint }.map(\.object).sorted()
    #expect(
      l7 == ["AuthorizationPolicy ambient-apps/paths-at-ztunnel", "AuthorizationPolicy ambient-apps/targets-service"])
    #expect(findings.allSatisfy { $0.fix.isEmpty == false })
  }

  @Test("a waypoint Gateway that is not programmed, with its condition")
  func gatewayNotProgrammed() throws {
    let findings = try Self.findings(
      """
      apiVersion: gateway.networking.k8s.io/v1
      kind: Gateway
      metadata: {name: waypoint, namespace: ambient-apps}
      spec:
        gatewayClassName: istio-waypoint
        listeners: [{name: mesh, port: 15008, protocol: HBONE}]
      status:
        conditions:
        - {type: Programmed, status: "False", reason: Pending, message: "deployment waypoint has 0/1 ready replicas"}
      """)
    let finding = try #require(findings.first { $0.code == .gatewayNotProgrammed })
    #expect(finding.object == "Gateway ambient-apps/waypoint")
    #expect(finding.message.contains("0/1 ready replicas"))
  }

  @Test("an HTTPRoute to a Service that does not exist, and one whose parent is missing")
  func routesToMissingServices() throws {
    let findings = try Self.findings(
      """
      apiVersion: gateway.networking.k8s.io/v1
      kind: HTTPRoute
      metadata: {name: split, namespace: ambient-apps}
      spec:
        parentRefs: [{group: "", kind: Service, name: httpbin-ambient, port: 8000}]
        rules: [{backendRefs: [{name: httpbin-ambient, port: 8000, weight: 80}, {name: httpbin-v2, port: 8000, weight: 20}]}]
      ---
      apiVersion: gateway.networking.k8s.io/v1
      kind: HTTPRoute
      metadata: {name: orphan, namespace: ambient-apps}
      spec:
        parentRefs: [{group: "", kind: Service, name: reviews}]
        rules: [{backendRefs: [{name: httpbin-ambient, port: 8000}]}]
      """)
    let backend = try #require(findings.first { $0.code == .routeBackendMissing })
    #expect(backend.object == "HTTPRoute ambient-apps/split")
    #expect(backend.message.contains("ambient-apps/httpbin-v2"))
    let parent = try #require(findings.first { $0.code == .routeParentMissing })
    #expect(parent.object == "HTTPRoute ambient-apps/orphan")
    #expect(!findings.contains { $0.code == .invalidObject && $0.object.hasPrefix("HTTPRoute") })
  }

  @Test("use-waypoint naming a Gateway that does not exist")
  func missingWaypoint() throws {
    let base = InventoryFixtures.walkthrough.replacingOccurrences(
      of: "labels: {istio.io/dataplane-mode: ambient}",
      with: "labels: {istio.io/dataplane-mode: ambient, istio.io/use-waypoint: waypiont}")
    let findings = try Self.findings("", base: base)
    #expect(findings.contains { $0.code == .waypointMissing && $0.object == "Namespace ambient-apps" })
  }

  @Test("a cluster without the mesh's CRDs says to install it")
  func notInstalled() throws {
    var inventory = try F.inventory(F.walkthrough)
    inventory.missingKinds = ["authorizationpolicies.security.istio.io"]
    let findings = Analyzer.analyze(inventory, snapshot: inventory.translate())
    #expect(findings.first?.code == .meshNotInstalled)
    #expect(findings.first?.fix == "meshctl install")
  }

  @Test("-n keeps the findings of one namespace")
  func namespaceScope() throws {
    let inventory = try F.inventory(
      F.walkthrough + F.pod("web-1", "legacy-apps", ip: "10.244.1.50", labels: "{istio.io/dataplane-mode: ambeint}"))
    #expect(Analyzer.analyze(inventory, snapshot: inventory.translate(), namespace: "ambient-apps").isEmpty)
    #expect(Analyzer.analyze(inventory, snapshot: inventory.translate(), namespace: "legacy-apps").count == 1)
  }
}
