import DevCluster
import Foundation
import Kube
import Logging
import MeshTestSupport

/// A dev cluster with nodes and pods for real: a `NodeRunner` with its own cluster name and random
/// subnets (so parallel tests and other helpers' namespaces never clash), the API server listening
/// on the runner's bridge address (where pods reach it), and a client. Root only.
final class RunnerClusterHarness: Sendable {
  let directory: TempDir
  let runner: NodeRunner
  let server: DevAPIServer
  let client: KubeClient
  let port: Int

  init(nodes: Int = 2) async throws {
    guard getuid() == 0 else {
      throw ToolFailureReport("needs root: the node runner creates network namespaces, veths and routes")
    }
    directory = try TempDir()
    let cluster = "t" + String(UInt32.random(in: 0...UInt32.max), radix: 36).prefix(7)
    let config = NodeRunnerConfig(
      cluster: String(cluster), nodeCount: nodes, bridgeSubnet: UInt8.random(in: 100...250),
      podNetwork: UInt8.random(in: 100...199), binDirectory: directory.path("bin"),
      stateDirectory: directory.path("runner"), maxRestartBackoff: .seconds(2))
    runner = try NodeRunner(config: config, logger: Logger(label: "test.runner"))
    try await runner.setUpNetwork()
    server = DevAPIServer(
      config: DevAPIServerConfig(
        stateDirectory: directory.path("state"), host: runner.hostAddress, processHost: runner),
      logger: Logger(label: "test.runner.apiserver"))
    do {
      port = try await server.start()
      client = try KubeClient(config: try KubeConfig.fromKubeconfig(path: server.kubeconfigPath))
      try await runner.start(client: client, apiPort: port, caCertificatePEM: server.caCertificatePEM)
    } catch {
      await runner.shutdown()
      await server.shutdown()
      throw error
    }
    try FileManager.default.createDirectory(atPath: directory.path("home"), withIntermediateDirectories: true)
  }

  /// Runs `body` against a fresh cluster and always tears the cluster down (namespaces, veths,
  /// routes, bridge, processes) before returning or rethrowing.
  static func run(nodes: Int = 2, _ body: (RunnerClusterHarness) async throws -> Void) async throws {
    let cluster = try await RunnerClusterHarness(nodes: nodes)
    do {
      try await body(cluster)
    } catch {
      await cluster.stop()
      throw error
    }
    await cluster.stop()
  }

  func stop() async {
    await runner.shutdown()
    await client.shutdown()
    await server.shutdown()
  }

  func createNamespace(_ name: String) async throws {
    _ = try await client.create(KubeObject(type: .namespace, name: name), as: .namespace)
  }

  /// A pod running `command` (image `curlimages/curl` unless given) on `node` (1-based; nil
  /// leaves it to the runner's scheduler).
  @discardableResult
  func createPod(
    _ name: String, namespace: String, node: Int?, command: [String], image: String = "curlimages/curl",
    extra: [String: JSONValue] = [:], container: [String: JSONValue] = [:]
  ) async throws -> KubeObject {
    var pod = KubeObject(type: .pod, namespace: namespace, name: name, labels: ["app": name])
    var main: JSONValue = [
      "name": "main", "image": .string(image), "command": .array(command.map { .string($0) }),
    ]
    for (key, value) in container { main[key] = value }
    var spec: JSONValue = ["containers": [main], "terminationGracePeriodSeconds": 2]
    if let node { spec["nodeName"] = .string(runner.topology.nodes[node - 1].name) }
    for (key, value) in extra { spec[key] = value }
    pod.spec = spec
    return try await client.create(pod, as: .pod)
  }

  func pod(_ name: String, namespace: String) async -> KubeObject? {
    try? await client.get(.pod, namespace: namespace, name: name)
  }

  /// Polls until the pod's status satisfies `condition`; the last seen pod otherwise.
  func waitForPod(
    _ name: String, namespace: String, timeout: Duration = .seconds(20), _ condition: @escaping (KubeObject) -> Bool
  ) async -> (ok: Bool, pod: KubeObject?) {
    var last: KubeObject?
    let ok = await eventually(timeout: timeout) {
      last = await pod(name, namespace: namespace)
      return last.map(condition) ?? false
    }
    return (ok, last)
  }

  static func isReady(_ pod: KubeObject) -> Bool {
    let conditions = pod.status?["conditions"]?.arrayValue ?? []
    return pod.status?["phase"]?.stringValue == "Running"
      && conditions.contains { $0["type"]?.stringValue == "Ready" && $0["status"]?.stringValue == "True" }
  }

  /// Runs `command` in the pod through the `PodProcessHost` (what `kubectl exec` uses).
  func exec(_ pod: String, namespace: String, _ command: [String]) async throws -> (code: Int32, stdout: String) {
    let session = try await runner.exec(
      PodExecRequest(namespace: namespace, pod: pod, container: nil, command: command, stdin: false, tty: false))
    var output: [UInt8] = []
    for await chunk in session.stdout { output += chunk }
    for await _ in session.stderr {}
    let code = await session.exitCode()
    return (code, String(decoding: output, as: UTF8.self))
  }

  func logs(_ pod: String, namespace: String) async throws -> String {
    var output: [UInt8] = []
    for await chunk in try await runner.logs(PodLogRequest(namespace: namespace, pod: pod, container: nil)) {
      output += chunk
    }
    return String(decoding: output, as: UTF8.self)
  }

  func kubectl(_ arguments: [String]) async throws -> Tool.Result {
    try await Tool.run(["HOME=\(directory.path("home"))", "kubectl", "--kubeconfig", server.kubeconfigPath] + arguments)
  }

  static func netnsNames() throws -> [String] {
    try Tool.runBlocking(["ip", "netns", "list"]).stdout.split(separator: "\n").compactMap {
      $0.split(separator: " ").first.map(String.init)
    }
  }
}
