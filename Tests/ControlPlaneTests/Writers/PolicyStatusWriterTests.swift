import ControlPlane
import Foundation
import Kube
import Testing

@Suite("Policy status writer", .serialized)
struct PolicyStatusWriterTests {
  @Test("writes Accepted once, does not rewrite it unchanged, keeps the transition time on a new message")
  func writes() async throws {
    let cluster = try await WritersCluster(namespaces: ["apps"])
    let client = cluster.client
    var policy = KubeObject(type: .authorizationPolicy, namespace: "apps", name: "allow-ip")
    policy.spec = ["action": "ALLOW", "rules": [["to": [["operation": ["methods": ["FETCH"]]]]]]]
    _ = try await client.create(policy, as: .authorizationPolicy)
    var route = KubeObject(type: .httpRoute, namespace: "apps", name: "httpbin")
    route.spec = ["parentRefs": [["group": "", "kind": "Service", "name": "httpbin"]]]
    _ = try await client.create(route, as: .httpRoute)

    let writer = PolicyStatusWriter(client: client)
    var rejected = StatusReport(
      kind: "AuthorizationPolicy", namespace: "apps", name: "allow-ip", accepted: false, reason: "InvalidValue",
      message: "rules[0].to[0].operation.methods: \"FETCH\" is not an HTTP method")
    let accepted = StatusReport(
      kind: "HTTPRoute", namespace: "apps", name: "httpbin", accepted: true, reason: "Accepted", message: "ok")
    let first = try #require(
      await writer.write([rejected, accepted], now: Date(timeIntervalSince1970: 1_700_000_000)) as PolicyStatusSummary?)
    #expect(first == PolicyStatusSummary(written: 2))

    let written = try await client.get(.authorizationPolicy, namespace: "apps", name: "allow-ip")
    let condition = try #require(PolicyStatusDecision.conditions(of: written).condition("Accepted"))
    #expect(condition.status == "False" && condition.reason == "InvalidValue" && condition.message == rejected.message)
    #expect(condition.observedGeneration == written.generation)
    #expect(condition.lastTransitionTime == Date(timeIntervalSince1970: 1_700_000_000))
    // Gateway API: route status lives per parent in status.parents[], never in status.conditions.
    let writtenRoute = try await client.get(.httpRoute, namespace: "apps", name: "httpbin")
    let routeCondition = HTTPRoute(writtenRoute).statusParents.first?.conditions.condition("Accepted")
    #expect(routeCondition?.isTrue == true)
    #expect(PolicyStatusDecision.conditions(of: writtenRoute).isEmpty)

    let second = await writer.write([rejected, accepted], now: Date(timeIntervalSince1970: 1_700_000_100))
    #expect(second == PolicyStatusSummary(unchanged: 2))
    let unchanged = try await client.get(.authorizationPolicy, namespace: "apps", name: "allow-ip")
    #expect(unchanged.resourceVersion == written.resourceVersion)

    rejected.message = "rules[0]: methods must be HTTP methods"
    let third = await writer.write([rejected], now: Date(timeIntervalSince1970: 1_700_000_200))
    #expect(third == PolicyStatusSummary(written: 1))
    let rewritten = PolicyStatusDecision.conditions(
      of: try await client.get(.authorizationPolicy, namespace: "apps", name: "allow-ip")
    ).condition("Accepted")
    #expect(rewritten?.message == rejected.message)
    #expect(rewritten?.lastTransitionTime == Date(timeIntervalSince1970: 1_700_000_000))
    await cluster.stop()
  }

  @Test("missing objects are skipped and unknown kinds fail without throwing")
  func skips() async throws {
    let cluster = try await WritersCluster(namespaces: ["apps"])
    let writer = PolicyStatusWriter(client: cluster.client)
    let summary = await writer.write([
      StatusReport(
        kind: "PeerAuthentication", namespace: "apps", name: "gone", accepted: true, reason: "Accepted", message: ""),
      StatusReport(kind: "Sidecar", namespace: "apps", name: "x", accepted: true, reason: "Accepted", message: ""),
    ])
    #expect(summary == PolicyStatusSummary(missing: 1, failed: 1))
    await cluster.stop()
  }
}
