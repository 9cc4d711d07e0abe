import Foundation
import Kube
import MeshTestSupport
import Testing

/// kubectl 1.32 against the dev cluster with nothing but the kubeconfig the server wrote: the
/// walkthrough's commands and manifests, custom resources, watches and waits.
@Suite("Dev API server: kubectl")
struct KubectlWalkthroughTests {
  static let shared = APIServerSharedHarness()

  static let policies = Walkthrough.requireSleepIdentity + "---\n" + Walkthrough.waypointGateway

  private static var manifests: URL {
    Walkthrough.repositoryRoot.appendingPathComponent("manifests/crds")
  }

  /// The header and rows of `kubectl get` table output, split on runs of spaces.
  private func table(_ output: String) -> [[String]] {
    output.split(separator: "\n").map { line in
      line.split(separator: "  ", omittingEmptySubsequences: true).map { $0.trimmingCharacters(in: .whitespaces) }
    }
  }

  @Test("create and label a namespace, apply the walkthrough's workloads, re-apply a change, annotate, delete")
  func walkthrough() async throws {
    let api = try await Self.shared.get()
    #expect(try await api.kubectl(["create", "ns", "ambient-apps"]).contains("namespace/ambient-apps created"))
    try await api.kubectl(["label", "ns", "ambient-apps", "istio.io/dataplane-mode=ambient"])
    let namespace = try await api.curl("GET", "/api/v1/namespaces/ambient-apps")
    #expect(namespace.json.value(at: ["metadata", "labels", "istio.io/dataplane-mode"]) == "ambient")

    let manifest = api.directory.path("workloads.yaml")
    try Walkthrough.apps(namespace: "ambient-apps").write(toFile: manifest, atomically: true, encoding: .utf8)
    let applied = try await api.kubectl(["apply", "-f", manifest])
    #expect(applied.contains("deployment.apps/httpbin-ambient created"))
    #expect(applied.contains("service/httpbin-ambient created"))

    let services = table(try await api.kubectl(["get", "svc", "-n", "ambient-apps"]))
    #expect(services.first == ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"])
    #expect(services.dropFirst().first?.prefix(2) == ["httpbin-ambient", "ClusterIP"])
    #expect(services.dropFirst().first?[3] == "<none>" && services.dropFirst().first?[4] == "8000/TCP")
    let deployments = table(try await api.kubectl(["get", "deployments", "-n", "ambient-apps"]))
    #expect(deployments.first == ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"])
    #expect(deployments.dropFirst().map { $0.first ?? "" } == ["httpbin-ambient", "sleep-ambient"])
    #expect(deployments.dropFirst().first?[1] == "0/1")
    let namespaces = table(try await api.kubectl(["get", "ns"]))
    #expect(namespaces.first == ["NAME", "STATUS", "AGE"])
    #expect(namespaces.contains { $0.first == "ambient-apps" && $0.dropFirst().first == "Active" })

    try Walkthrough.apps(namespace: "ambient-apps", httpbinReplicas: 3).write(
      toFile: manifest, atomically: true, encoding: .utf8)
    let reapplied = try await api.kubectl(["apply", "-f", manifest])
    #expect(reapplied.contains("deployment.apps/httpbin-ambient configured"))
    #expect(reapplied.contains("serviceaccount/httpbin-ambient unchanged"))
    let yaml = try await api.kubectl(["get", "deployment", "httpbin-ambient", "-n", "ambient-apps", "-o", "yaml"])
    #expect(yaml.contains("replicas: 3"))
    #expect(yaml.contains("kubectl.kubernetes.io/last-applied-configuration"))
    #expect(yaml.contains("generation: 2"))

    try await api.kubectl(["annotate", "deployment", "httpbin-ambient", "-n", "ambient-apps", "team=mesh"])
    let annotated = try await api.curl("GET", "/apis/apps/v1/namespaces/ambient-apps/deployments/httpbin-ambient")
    #expect(annotated.json.value(at: ["metadata", "annotations", "team"]) == "mesh")
    #expect(annotated.json.value(at: ["spec", "replicas"]) == 3)

    // kubectl scale goes through the /scale subresource (autoscaling/v1 Scale), as walkthrough §5
    // does to stop the control plane.
    let scaled = try await api.kubectl(["scale", "deployment/httpbin-ambient", "-n", "ambient-apps", "--replicas=0"])
    #expect(scaled.contains("deployment.apps/httpbin-ambient scaled"))
    let scale = try await api.curl("GET", "/apis/apps/v1/namespaces/ambient-apps/deployments/httpbin-ambient/scale")
    #expect(scale.json.value(at: ["kind"]) == "Scale")
    #expect(scale.json.value(at: ["spec", "replicas"]) == 0)
    #expect(scale.json.value(at: ["status", "selector"]) == "app=httpbin-ambient,version=v1")
    let missing = try await api.kubectlResult(["scale", "deployment/nope", "-n", "ambient-apps", "--replicas=1"])
    #expect(missing.status != 0 && missing.stderr.contains("\"nope\" not found"))

    #expect(try await api.kubectl(["delete", "-f", manifest]).contains("deployment.apps \"sleep-ambient\" deleted"))
    #expect(try await api.names("/apis/apps/v1/namespaces/ambient-apps/deployments").isEmpty)
    try await api.kubectl(["delete", "ns", "ambient-apps"])
    #expect(try await api.curl("GET", "/api/v1/namespaces/ambient-apps").status == 404)
  }

  @Test("the Istio and Gateway API CRDs apply, then an AuthorizationPolicy and a Gateway print with their columns")
  func customResources() async throws {
    let api = try await Self.shared.get()
    try await api.kubectl(["apply", "-f", Self.manifests.appendingPathComponent("istio-security.yaml").path])
    try await api.kubectl(["apply", "-f", Self.manifests.appendingPathComponent("gateway-api.yaml").path])
    let crd = try await api.curl(
      "GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/authorizationpolicies.security.istio.io")
    let conditions = crd.json.value(at: ["status", "conditions"])?.arrayValue ?? []
    #expect(conditions.contains { $0["type"] == "Established" && $0["status"] == "True" })

    try await api.kubectl(["create", "ns", "ambient-apps-crs"])
    let policies = Self.policies.replacingOccurrences(
      of: "namespace: ambient-apps", with: "namespace: ambient-apps-crs")
    let path = api.directory.path("policies.yaml")
    try policies.write(toFile: path, atomically: true, encoding: .utf8)
    let applied = try await api.kubectl(["apply", "-f", path])
    #expect(applied.contains("authorizationpolicy.security.istio.io/require-sleep-identity created"))
    #expect(applied.contains("gateway.gateway.networking.k8s.io/httpbin-ambient-waypoint created"))

    let listed = table(try await api.kubectl(["get", "authorizationpolicies", "-n", "ambient-apps-crs"]))
    #expect(listed.first == ["NAME", "ACTION", "AGE"])
    #expect(listed.dropFirst().first?.prefix(2) == ["require-sleep-identity", "ALLOW"])
    let gateways = table(try await api.kubectl(["get", "gateways", "-n", "ambient-apps-crs"]))
    #expect(gateways.first?.prefix(2) == ["NAME", "CLASS"])
    #expect(gateways.dropFirst().first?.prefix(2) == ["httpbin-ambient-waypoint", "istio-waypoint"])
    let reapplied = try await api.kubectl(["apply", "-f", path])
    #expect(reapplied.contains("authorizationpolicy.security.istio.io/require-sleep-identity unchanged"))
  }

  @Test("kubectl get -w reports a pod created after it started; kubectl wait sees a status change")
  func watchAndWait() async throws {
    let api = try await Self.shared.get()
    try await api.kubectl(["create", "ns", "watching"])
    try await api.create("/api/v1/namespaces/watching/pods", APIServerHarness.pod("before", namespace: "watching"))
    let watch = try APIServerBackgroundProcess(
      api.kubectlCommand(["get", "pods", "-n", "watching", "-w", "--output-watch-events"]),
      outputPath: api.directory.path("kubectl-watch.out"))
    defer { watch.stop() }
    let listed = await eventually(timeout: .seconds(20)) { watch.output.contains("before") }
    #expect(listed, "\(watch.output)")

    try await api.create("/api/v1/namespaces/watching/pods", APIServerHarness.pod("after", namespace: "watching"))
    let added = await eventually(timeout: .seconds(20)) {
      watch.output.split(separator: "\n").contains {
        $0.hasPrefix("ADDED") && $0.contains("after") && $0.contains("Pending")
      }
    }
    #expect(added, "\(watch.output)")

    let waiting = Task {
      try await api.kubectlResult(
        ["wait", "--for=jsonpath={.status.phase}=Running", "pod/after", "-n", "watching", "--timeout=30s"])
    }
    let status = try await api.curl(
      "PATCH", "/api/v1/namespaces/watching/pods/after/status",
      body: #"{"status":{"phase":"Running","podIP":"10.244.0.7","podIPs":[{"ip":"10.244.0.7"}]}}"#,
      contentType: "application/merge-patch+json")
    #expect(status.status == 200)
    let waited = try await waiting.value
    #expect(waited.status == 0, "\(waited.stderr)")
    #expect(waited.stdout.contains("condition met"))
    let modified = await eventually(timeout: .seconds(20)) {
      watch.output.split(separator: "\n").contains { $0.hasPrefix("MODIFIED") && $0.contains("Running") }
    }
    #expect(modified, "\(watch.output)")

    let wide = table(try await api.kubectl(["get", "pod", "after", "-n", "watching", "-o", "wide"]))
    #expect(wide.first?.prefix(7) == ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE"])
    #expect(wide.dropFirst().first?[2] == "Running" && wide.dropFirst().first?[5] == "10.244.0.7")
  }

  @Test("kubectl's protobuf commands: create namespace and configmap, create token, auth can-i and whoami")
  func protobufCommands() async throws {
    let api = try await Self.shared.get()
    try await api.kubectl(["create", "namespace", "proto"])
    try await api.kubectl(["create", "configmap", "settings", "-n", "proto", "--from-literal=mode=fast"])
    let settings = try await api.curl("GET", "/api/v1/namespaces/proto/configmaps/settings")
    #expect(settings.json["data"] == ["mode": "fast"])
    try await api.kubectl(["create", "serviceaccount", "agent", "-n", "proto"])
    let token = try await api.kubectl(["create", "token", "agent", "-n", "proto"]).trimmingCharacters(
      in: .whitespacesAndNewlines)
    #expect(try await api.curl("GET", "/api/v1/namespaces/proto/configmaps", token: .bearer(token)).status == 200)
    #expect(
      try await api.kubectl(["auth", "can-i", "delete", "pods"]).trimmingCharacters(in: .whitespacesAndNewlines)
        == "yes")
    #expect(try await api.kubectl(["auth", "whoami"]).contains("dev-admin"))
  }
}
