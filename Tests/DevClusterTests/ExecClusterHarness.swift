import DevCluster
import Foundation
import Kube
import Logging
import MeshTestSupport

/// A dev API server whose pods "run" on an `ExecTestProcessHost` (or on nothing, with
/// `host: nil`), driven with real kubectl through the kubeconfig the server wrote.
final class ExecClusterHarness: Sendable {
  let directory: TempDir
  let server: DevAPIServer
  let host: ExecTestProcessHost?

  init(withHost: Bool = true) async throws {
    directory = try TempDir()
    let host = withHost ? ExecTestProcessHost() : nil
    self.host = host
    let config = DevAPIServerConfig(stateDirectory: directory.path("state"), processHost: host)
    server = DevAPIServer(config: config, logger: Logger(label: "test.devcluster.exec"))
    _ = try await server.start()
    try FileManager.default.createDirectory(atPath: directory.path("home"), withIntermediateDirectories: true)
  }

  /// kubectl with this server's kubeconfig and a HOME of its own; `environment` entries
  /// (`NAME=value`) go before the command, through `env`.
  func kubectl(_ arguments: [String], input: String? = nil, environment: [String] = []) async throws -> Tool.Result {
    try await Tool.run(kubectlCommand(arguments, environment: environment), input: input)
  }

  func kubectlCommand(_ arguments: [String], environment: [String] = []) -> [String] {
    ["HOME=\(directory.path("home"))"] + environment + ["kubectl", "--kubeconfig", server.kubeconfigPath]
      + arguments
  }

  /// Creates the pod through the API (as `kubectl apply` would) and, with `phase`, writes its
  /// status the way the node runner does; `host` learns about it when `registered`.
  func createPod(
    _ name: String, namespace: String = "default", containers: [String] = ["app"], phase: String? = "Running",
    registered: Bool = true
  ) async throws {
    let pod: JSONValue = [
      "apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name), "namespace": .string(namespace)],
      "spec": ["containers": .array(containers.map { ["name": .string($0), "image": "busybox"] })],
    ]
    try await require(kubectl(["create", "-f", "-"], input: pod.jsonText), "create pod \(name)")
    if let phase {
      let patch = "{\"status\":{\"phase\":\"\(phase)\"}}"
      try await require(
        kubectl(["patch", "pod", name, "-n", namespace, "--subresource=status", "--type=merge", "-p", patch]),
        "set phase of \(name)")
    }
    if registered { host?.addPod(namespace: namespace, name: name, containers: containers) }
  }

  private func require(_ result: Tool.Result, _ step: String) throws {
    guard result.status == 0 else {
      throw ToolFailureReport("\(step): kubectl exited \(result.status): \(result.stderr)")
    }
  }

  func stop() async { await server.shutdown() }
}

/// One harness per suite, started on first use.
actor ExecSharedCluster {
  private var starting: Task<ExecClusterHarness, any Error>?
  private let withHost: Bool

  init(withHost: Bool) { self.withHost = withHost }

  func get() async throws -> ExecClusterHarness {
    if let starting { return try await starting.value }
    let withHost = self.withHost
    let task = Task { try await ExecClusterHarness(withHost: withHost) }
    starting = task
    return try await task.value
  }
}
