import DevCluster
import Foundation
import Kube
import Logging
import MeshTestSupport
import Testing

/// `meshctl dev up` as one piece, in-process: two nodes, the walkthrough's apps applied with the
/// real kubectl, and the sleep pod reaching httpbin by Service name (cluster DNS, Service VIP
/// through the service proxy, the built-in httpbin). Root only; needs `meshctl` built in
/// `.build/debug` (httpbin's image runs `meshctl dev httpbin`).
@Suite("Dev cluster composed (root)", .serialized)
struct DevClusterUpTests {
  @Test("walkthrough apps talk by Service name in both namespaces; a hostNetwork DaemonSet runs on every node")
  func walkthroughAppsTalk() async throws {
    let cluster = try await DevClusterUpHarness()
    do {
      try await appsTalk(cluster)
      try await hostNetworkDaemonSet(cluster)
    } catch {
      await cluster.stop()
      throw error
    }
    await cluster.stop()
    let left = try RunnerClusterHarness.netnsNames().filter {
      $0.hasPrefix(cluster.cluster.runner.topology.netnsPrefix)
    }
    #expect(left.isEmpty, "namespaces left after shutdown: \(left)")
    let bridge = try Tool.runBlocking(["ip", "link", "show", cluster.cluster.runner.topology.bridge])
    #expect(bridge.status != 0, "bridge still exists after shutdown")
  }

  private func appsTalk(_ cluster: DevClusterUpHarness) async throws {
    for namespace in ["legacy-apps", "ambient-apps"] {
      try await cluster.kubectlOK(["create", "namespace", namespace])
    }
    let sample = Walkthrough.repositoryRoot.appendingPathComponent("manifests/samples/walkthrough-apps.yaml").path
    try await cluster.kubectlOK(["apply", "-f", sample])
    try await cluster.kubectlOK(["apply", "-f", "-"], input: DevClusterUpHarness.legacyHttpbin)

    let sleep = try await cluster.waitForReadyPod(namespace: "ambient-apps", app: "sleep-ambient")
    _ = try await cluster.waitForReadyPod(namespace: "ambient-apps", app: "httpbin-ambient")
    _ = try await cluster.waitForReadyPod(namespace: "legacy-apps", app: "httpbin-legacy")

    // The service proxy writes rules once the EndpointSlice shows the ready pod: allow for that.
    var headers = ""
    let ambient = await eventually(timeout: .seconds(30)) {
      headers = (try? await cluster.curlFrom(sleep, "http://httpbin-ambient.ambient-apps:8000/headers")) ?? ""
      return headers.contains("\"headers\"")
    }
    #expect(ambient, "curl httpbin-ambient answered: \(headers)")
    let json = try JSONParser.parse(headers)
    #expect(json.value(at: ["headers", "Host"])?.stringValue == "httpbin-ambient.ambient-apps:8000")

    var ip = ""
    let legacy = await eventually(timeout: .seconds(30)) {
      ip = (try? await cluster.curlFrom(sleep, "http://httpbin-legacy.legacy-apps:8000/ip")) ?? ""
      return ip.contains("\"origin\"")
    }
    #expect(legacy, "curl httpbin-legacy answered: \(ip)")
    let sleepIP = try await cluster.client.get(.pod, namespace: "ambient-apps", name: sleep).status?["podIP"]?
      .stringValue
    #expect((try? JSONParser.parse(ip))?["origin"]?.stringValue == sleepIP)
  }
}

extension DevClusterUpTests {
  /// What the ztunnel DaemonSet relies on: one pod per node in the node's netns, a project image
  /// running the local binary with the manifest's args, the downward-API env and the
  /// service-account files.
  fileprivate func hostNetworkDaemonSet(_ cluster: DevClusterUpHarness) async throws {
    try await cluster.kubectlOK(["apply", "-f", "-"], input: DevClusterUpHarness.hostNetworkDaemonSet)
    let nodes = cluster.cluster.runner.topology.nodes
    var pods: [KubeObject] = []
    let running = await eventually(timeout: .seconds(60)) {
      pods =
        (try? await cluster.client.list(.pod, namespace: "kube-system", labelSelector: "app=node-agent").items) ?? []
      return pods.count == nodes.count && pods.allSatisfy(RunnerClusterHarness.isReady)
    }
    #expect(running, "node-agent pods: \(pods.map { "\($0.name) \($0.status ?? [:])" })")
    for pod in pods {
      let node = try #require(nodes.first { $0.name == pod.json.value(at: ["spec", "nodeName"])?.stringValue })
      #expect(pod.status?["podIP"]?.stringValue == node.address)
      let exec = ["exec", pod.name, "-n", "kube-system", "-c", "shell", "--"]
      let address = try await cluster.kubectlOK(exec + ["ip", "-4", "-o", "addr", "show", "eth0"])
      #expect(address.contains("inet \(node.address)/"), "\(pod.name) eth0: \(address)")
      let env = try await cluster.kubectlOK(
        exec + ["sh", "-c", "echo $POD_NAME $POD_NAMESPACE $NODE_NAME $INSTANCE_IP $HOSTNAME"])
      #expect(env == "\(pod.name) kube-system \(node.name) \(node.address) \(node.name)\n")
      let account = try await cluster.kubectlOK(exec + ["ls", "/var/run/secrets/kubernetes.io/serviceaccount"])
      #expect(account.split(separator: "\n").sorted() == ["ca.crt", "namespace", "token"])
      // The project image's container: the local meshctl with the manifest's args, on the node's port.
      var ip = ""
      let served = await eventually(timeout: .seconds(20)) {
        ip =
          (try? await cluster.kubectlOK(exec + ["curl", "-s", "--max-time", "2", "http://127.0.0.1:18080/ip"])) ?? ""
        return ip.contains("origin")
      }
      #expect(served, "the ghcr.io/ambient-mesh/meshctl container on \(node.name) answered: \(ip)")
    }
  }
}

/// A composed `DevCluster` with its own cluster name, subnets and state directory, and helpers to
/// drive it with kubectl like a user.
final class DevClusterUpHarness: Sendable {
  let directory: TempDir
  let cluster: DevCluster
  let client: KubeClient

  init() async throws {
    guard getuid() == 0 else {
      throw ToolFailureReport("needs root: the dev cluster creates network namespaces, veths, routes and rules")
    }
    let binDirectory = Walkthrough.repositoryRoot.appendingPathComponent(".build/debug").path
    guard FileManager.default.isExecutableFile(atPath: "\(binDirectory)/meshctl") else {
      throw ToolFailureReport("\(binDirectory)/meshctl is missing: build it first (swift build --product meshctl)")
    }
    directory = try TempDir()
    let name = "u" + String(UInt32.random(in: 0...UInt32.max), radix: 36).prefix(7)
    cluster = try DevCluster(
      config: DevClusterConfig(
        stateDirectory: directory.path("state"), nodeCount: 2, binDirectory: binDirectory, cluster: String(name),
        bridgeSubnet: UInt8.random(in: 100...250), podNetwork: UInt8.random(in: 100...199), apiPort: 0,
        maxRestartBackoff: .seconds(2)),
      logger: Logger(label: "test.devcluster.up"))
    try await cluster.start()
    client = try KubeClient(config: try KubeConfig.fromKubeconfig(path: cluster.kubeconfigPath))
    try FileManager.default.createDirectory(atPath: directory.path("home"), withIntermediateDirectories: true)
  }

  func stop() async {
    await client.shutdown()
    await cluster.shutdown()
  }

  @discardableResult
  func kubectlOK(_ arguments: [String], input: String? = nil) async throws -> String {
    let result = try await Tool.run(
      ["HOME=\(directory.path("home"))", "kubectl", "--kubeconfig", cluster.kubeconfigPath] + arguments, input: input)
    guard result.status == 0 else {
      throw ToolFailureReport("kubectl \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
    }
    return result.stdout
  }

  /// `kubectl exec <pod> -n ambient-apps -- curl -s <url>`.
  func curlFrom(_ pod: String, _ url: String) async throws -> String {
    try await kubectlOK(["exec", pod, "-n", "ambient-apps", "--", "curl", "-s", "--max-time", "5", url])
  }

  /// The name of a Running and Ready pod with label `app`, once there is one (generous bound: a
  /// loaded machine starts pods slowly).
  func waitForReadyPod(namespace: String, app: String) async throws -> String {
    var name: String?
    var seen: [KubeObject] = []
    _ = await eventually(timeout: .seconds(60)) {
      seen = (try? await client.list(.pod, namespace: namespace, labelSelector: "app=\(app)").items) ?? []
      name = seen.first(where: RunnerClusterHarness.isReady)?.name
      return name != nil
    }
    guard let name else {
      throw ToolFailureReport(
        "no ready \(app) pod in \(namespace); pods: \(seen.map { "\($0.name) \($0.status ?? [:])" })")
    }
    return name
  }

  /// httpbin in legacy-apps: the sample's httpbin with the names changed, as the walkthrough says
  /// ("same for httpbin-legacy in legacy-apps").
  static var legacyHttpbin: String {
    let sample = Walkthrough.apps()
    return sample.components(separatedBy: "\n---\n").filter { $0.contains("httpbin-ambient") }
      .map { $0.replacingOccurrences(of: "ambient", with: "legacy") }.joined(separator: "\n---\n")
  }

  static let hostNetworkDaemonSet = """
    apiVersion: apps/v1
    kind: DaemonSet
    metadata: {name: node-agent, namespace: kube-system}
    spec:
      selector: {matchLabels: {app: node-agent}}
      template:
        metadata: {labels: {app: node-agent}}
        spec:
          hostNetwork: true
          containers:
          - name: agent
            image: ghcr.io/ambient-mesh/meshctl:0.1.0
            args: [dev, httpbin, --host, 127.0.0.1, --port, "18080"]
          - name: shell
            image: curlimages/curl
            command: [/bin/sleep, 3650d]
            env:
            - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
            - {name: POD_NAMESPACE, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}
            - {name: NODE_NAME, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}
            - {name: INSTANCE_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}

    """
}
