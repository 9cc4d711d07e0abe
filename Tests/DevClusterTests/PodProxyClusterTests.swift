import Foundation
import Kube
import MeshTestSupport
import Testing

/// `pods/<id>/proxy` to pods in network namespaces: the API server dials the pod IP from the
/// host, over the dev cluster's bridge. Root only (the node runner's namespaces and veths).
@Suite("Dev API server: pods/proxy to running pods", .enabled(if: getuid() == 0, "needs root"))
struct PodProxyClusterTests {
  @Test("kubectl get --raw reaches a pod's server by its declared port; one bound to the pod's loopback is refused")
  func proxyToRunningPod() async throws {
    try await RunnerClusterHarness.run(nodes: 1) { cluster in
      let namespace = "proxied"
      try await cluster.createNamespace(namespace)
      try await cluster.createPod(
        "server", namespace: namespace, node: 1, command: ["python3", "-m", "http.server", "8080"],
        container: [
          "ports": [["containerPort": 8080]],
          "readinessProbe": ["httpGet": ["port": 8080, "path": "/"], "periodSeconds": 1],
        ])
      // Like ztunnel's admin port (127.0.0.1:15000 by default): reachable inside the pod only.
      try await cluster.createPod(
        "local", namespace: namespace, node: 1,
        command: ["python3", "-m", "http.server", "15000", "--bind", "127.0.0.1"])
      let server = await cluster.waitForPod("server", namespace: namespace, RunnerClusterHarness.isReady)
      #expect(server.ok, "server pod status: \(String(describing: server.pod?.status))")
      let local = await cluster.waitForPod("local", namespace: namespace, RunnerClusterHarness.isReady)
      #expect(local.ok, "local pod status: \(String(describing: local.pod?.status))")

      let listing = try await cluster.kubectl([
        "get", "--raw", "/api/v1/namespaces/\(namespace)/pods/server/proxy/",
      ])
      #expect(listing.status == 0, "\(listing.stderr)")
      #expect(listing.stdout.contains("Directory listing"), "\(listing.stdout.prefix(300))")

      let localIP = try #require(local.pod?.status?["podIP"]?.stringValue)
      let refused = try await cluster.kubectl([
        "get", "--raw", "/api/v1/namespaces/\(namespace)/pods/local:15000/proxy/config_dump",
      ])
      #expect(refused.status != 0)
      #expect(
        refused.stderr.contains("dial tcp \(localIP):15000: connect: connection refused"), "\(refused.stderr)")
    }
  }
}
