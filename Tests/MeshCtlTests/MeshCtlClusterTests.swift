import Foundation
import MeshTestSupport
import Testing

/// meshctl against a dev API server, run as a user runs it: the binary, a kubeconfig, kubectl
/// to set things up and to check what meshctl changed.
@Suite("meshctl against the dev cluster", .serialized)
struct MeshCtlClusterTests {
  @Test("install applies every manifest (idempotently), manifest generate prints the same, uninstall keeps CRDs")
  func installAndUninstall() async throws {
    let cluster = try await MeshCtlHarness()
    defer { Task { await cluster.stop() } }
    let first = try await cluster.meshctlOK(["install", "--no-wait", "--profile", "minimal", "--tag", "dev1"])
    #expect(first.contains("✔ DaemonSet istio-system/ztunnel applied"))
    // A second install is an upgrade in place.
    _ = try await cluster.meshctlOK(["install", "--no-wait", "--profile", "minimal", "--tag", "dev1"])
    let image = try await cluster.kubectl([
      "get", "deploy", "-n", "istio-system", "istiod", "-o",
      "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image}",
    ])
    #expect(image == "1 ghcr.io/ambient-mesh/controlplane:dev1")
    let crds = try await cluster.kubectl(["get", "crd", "-o", "name"])
    #expect(crds.contains("authorizationpolicies.security.istio.io"))
    // What generate prints is what install applied: a server-side dry run changes nothing.
    let yaml = try await cluster.meshctlOK(["manifest", "generate", "--profile", "minimal", "--tag", "dev1"])
    let diff = try await Tool.run(
      cluster.environment + ["kubectl", "diff", "--server-side", "--field-manager=meshctl", "-f", "-"], input: yaml)
    #expect(diff.status == 0, "kubectl diff: \(diff.stdout)\(diff.stderr)")
    let removed = try await cluster.meshctlOK(["uninstall"])
    #expect(removed.contains("CRDs and your policies are kept"))
    let left = try await Tool.run(cluster.environment + ["kubectl", "get", "deploy", "-n", "istio-system", "istiod"])
    #expect(left.status != 0)
    #expect(try await cluster.kubectl(["get", "crd", "-o", "name"]).contains("gateways.gateway.networking.k8s.io"))
    // version with no control plane says how to get one.
    let version = try await cluster.meshctl(["version"])
    #expect(version.stdout.contains("client version: 0.1.0"))
    #expect(version.status != 0)
    #expect(version.stderr.contains("run: meshctl install"))
  }

  @Test("waypoint apply/list/status/delete, analyze and describe pod on the walkthrough's objects")
  func waypointAnalyzeDescribe() async throws {
    let cluster = try await MeshCtlHarness()
    defer { Task { await cluster.stop() } }
    _ = try await cluster.meshctlOK(["install", "--no-wait", "--profile", "minimal"])
    try await cluster.kubectl(["create", "namespace", "ambient-apps"])
    let applied = try await cluster.meshctlOK(["waypoint", "apply", "-n", "ambient-apps", "--enroll-namespace"])
    #expect(applied.contains("✔ namespace ambient-apps labelled istio.io/use-waypoint=waypoint"))
    let gatewayClass = try await cluster.kubectl([
      "get", "gateway", "-n", "ambient-apps", "waypoint", "-o", "jsonpath={.spec.gatewayClassName}",
    ])
    #expect(gatewayClass == "istio-waypoint")
    let list = try await cluster.meshctlOK(["waypoint", "list", "-A"])
    #expect(list.contains("ambient-apps") && list.contains("namespace ambient-apps"))
    // No control plane runs here, so nothing programs it: status says so and exits 1.
    let status = try await cluster.meshctl(["waypoint", "status", "-n", "ambient-apps"])
    #expect(status.status == 1)
    #expect(status.stdout.contains("False"))
    // analyze: the waypoint is not programmed, and a label typo on another namespace.
    try await cluster.kubectl(["create", "namespace", "shop"])
    try await cluster.kubectl(["label", "namespace", "shop", "istio.io/dataplane-mode=ambiant"])
    let analysis = try await cluster.meshctl(["analyze"])
    #expect(analysis.status == 1)
    #expect(analysis.stdout.contains("[MA0001] (Namespace shop)"))
    #expect(analysis.stdout.contains("kubectl label namespace shop istio.io/dataplane-mode=ambient --overwrite"))
    #expect(analysis.stdout.contains("[MA0006] (Gateway ambient-apps/waypoint)"))
    let json = try await cluster.meshctl(["analyze", "-o", "json"])
    let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
    #expect(parsed?.contains { $0["code"] as? String == "MA0001" } == true)
    // describe pod: a pod in the labelled namespace, and one that does not exist.
    try await cluster.kubectl(["label", "namespace", "ambient-apps", "istio.io/dataplane-mode=ambient"])
    try await cluster.kubectl(
      ["apply", "-f", "-"],
      input: """
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: ambient-apps, labels: {app: web}}
        spec: {serviceAccountName: default, containers: [{name: web, image: app}]}
        """)
    try await cluster.setPodStatus("ambient-apps", "web", ip: "10.244.1.9")
    let described = try await cluster.meshctlOK(["describe", "pod", "-n", "ambient-apps", "web"])
    #expect(described.contains("Mesh:       enrolled: namespace ambient-apps has istio.io/dataplane-mode=ambient"))
    #expect(described.contains("Identity:   spiffe://cluster.local/ns/ambient-apps/sa/default"))
    // The waypoint is not programmed (no control plane here), so none is used yet, and it says why.
    #expect(described.contains("Waypoint:   none"))
    #expect(described.contains("Problem:    Namespace ambient-apps: not accepted (WaypointNotReady)"))
    let missing = try await cluster.meshctl(["describe", "pod", "-n", "ambient-apps", "wbe"])
    #expect(missing.status != 0)
    #expect(missing.stderr.contains("pod ambient-apps/wbe not found (pods there: web)"))
    let deleted = try await cluster.meshctlOK(["waypoint", "delete", "-n", "ambient-apps"])
    #expect(deleted.contains("label istio.io/use-waypoint removed from namespace ambient-apps"))
    let labels = try await cluster.kubectl(["get", "namespace", "ambient-apps", "-o", "jsonpath={.metadata.labels}"])
    #expect(!labels.contains("use-waypoint"))
  }

  @Test("errors are one line that says what to do: no cluster, a wrong flag, an unknown ztunnel")
  func errors() async throws {
    let noCluster = try await Tool.run(["env", "HOME=/nonexistent", "KUBECONFIG=", MeshCtlHarness.binary, "analyze"])
    #expect(noCluster.status != 0)
    #expect(noCluster.stderr.contains("no Kubernetes configuration found"))
    #expect(noCluster.stderr.contains("pass --kubeconfig or set KUBECONFIG"))
    let flag = try await Tool.run([MeshCtlHarness.binary, "waypoint", "apply", "--for", "everything"])
    #expect(flag.status != 0)
    #expect(flag.stderr.contains("service") && flag.stderr.contains("workload"))
    let cluster = try await MeshCtlHarness()
    defer { Task { await cluster.stop() } }
    let unknown = try await cluster.meshctl(["proxy-config", "workloads", "node-9"])
    #expect(unknown.status != 0)
    #expect(unknown.stderr.contains("no ztunnel pod or node named node-9"))
    #expect(unknown.stderr.contains("meshctl install"))
    // --kubeconfig instead of $KUBECONFIG; an empty cluster is told to install the mesh.
    let fresh = try await Tool.run([
      "env", "HOME=/nonexistent", "KUBECONFIG=", MeshCtlHarness.binary, "analyze", "--kubeconfig",
      cluster.server.kubeconfigPath,
    ])
    #expect(fresh.status == 1, "\(fresh.stderr)")
    #expect(fresh.stdout.contains("[MA0011]") && fresh.stdout.contains("fix: meshctl install"))
  }
}
