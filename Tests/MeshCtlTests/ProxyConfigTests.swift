import AdminHTTP
import ControlPlane
import Foundation
import Logging
import MeshCtlKit
import MeshStore
import MeshTestSupport
import Shared
import Testing
import ZtunnelAgent

/// `meshctl proxy-config` reads a ztunnel's real admin answers (ZtunnelAgent's AdminRoutes over
/// the walkthrough's translation) through the dev API server's pods/proxy.
@Suite("meshctl proxy-config")
struct ProxyConfigTests {
  @Test("workloads, services, policies and certificates of the ztunnel on a node, as tables and JSON")
  func proxyConfig() async throws {
    let inventory = try InventoryFixtures.inventory(InventoryFixtures.walkthrough)
    let translated = inventory.translate()
    let store = WorkloadStore()
    store.apply(
      WorkloadStoreUpdate(workloads: translated.workloads, services: translated.services, policies: translated.policies)
    )
    let routes = AdminRoutes(
      snapshot: { store.snapshot }, certificates: { [] }, readiness: { Readiness(reasons: []) }, metrics: TCPMetrics(),
      quit: {}, logLevel: { .info }, setLogLevel: { _ in })
    let admin = AdminHTTPServer(host: "127.0.0.1", port: 0) { await routes.respond($0) }
    let channel = try await admin.bind()
    defer { channel.close(promise: nil) }
    let port = try #require(channel.localAddress?.port)

    let cluster = try await MeshCtlHarness()
    defer { Task { await cluster.stop() } }
    try await cluster.kubectl(["create", "namespace", "istio-system"])
    try await cluster.kubectl(
      ["apply", "-f", "-"],
      input: """
        apiVersion: v1
        kind: Pod
        metadata: {name: ztunnel-x1, namespace: istio-system, labels: {app: ztunnel}}
        spec: {nodeName: node-a, serviceAccountName: ztunnel, containers: [{name: istio-proxy, image: ztunnel}]}
        """)
    try await cluster.setPodStatus("istio-system", "ztunnel-x1", ip: "127.0.0.1")

    let workloads = try await cluster.meshctlOK(["proxy-config", "workloads", "node-a", "--admin-port", "\(port)"])
    #expect(workloads.hasPrefix("NAMESPACE"))
    #expect(workloads.contains("httpbin-ambient-1") && workloads.contains("HBONE"))
    #expect(workloads.contains("httpbin-legacy-1") && workloads.contains("TCP"))
    let policies = try await cluster.meshctlOK(["proxy-config", "policies", "ztunnel-x1", "--admin-port", "\(port)"])
    #expect(policies.contains("require-sleep-identity") && policies.contains("ALLOW"))
    let services = try await cluster.meshctlOK([
      "proxy-config", "services", "node-a", "--admin-port", "\(port)", "-o", "json",
    ])
    let parsed = try JSONSerialization.jsonObject(with: Data(services.utf8)) as? [[String: Any]]
    #expect(parsed?.first?["hostname"] as? String == "httpbin-ambient.ambient-apps.svc.cluster.local")
    // The admin port is closed for a pod: the API server's 503 reaches the user with the pod named.
    let closed = try await cluster.meshctl(["proxy-config", "certificates", "node-a", "--admin-port", "1"])
    #expect(closed.status != 0)
    #expect(closed.stderr.contains("cannot read /config_dump of istio-system/ztunnel-x1"))
  }
}
