import DevCluster
import Foundation
import Kube
import Logging
import MeshTestSupport

/// A dev API server on a free loopback port with a client for it; stopped by `stop()`.
final class ClusterFixture: Sendable {
  let directory: TempDir
  let server: DevAPIServer
  let client: KubeClient

  init(bookmarkInterval: Duration = .seconds(10), eventHistory: Int = 100_000) async throws {
    directory = try TempDir()
    var config = DevAPIServerConfig(stateDirectory: directory.path("state"))
    config.bookmarkInterval = bookmarkInterval
    config.eventHistory = eventHistory
    server = DevAPIServer(config: config, logger: Logger(label: "test.apiserver"))
    _ = try await server.start()
    client = try KubeClient(config: try KubeConfig.fromKubeconfig(path: server.kubeconfigPath))
  }

  func stop() async {
    await client.shutdown()
    await server.shutdown()
  }

  func createNamespace(_ name: String, labels: [String: String] = [:]) async throws {
    _ = try await client.create(KubeObject(type: .namespace, name: name, labels: labels), as: .namespace)
  }

  static func pod(
    _ name: String, namespace: String, node: String = "node-a", labels: [String: String] = [:]
  )
    -> KubeObject
  {
    var pod = KubeObject(type: .pod, namespace: namespace, name: name, labels: labels)
    pod.spec = ["nodeName": .string(node), "containers": [["name": "app", "image": "busybox"]]]
    return pod
  }
}
