import DevCluster
import Foundation
import Kube
import Logging
import MeshTestSupport

/// The dev API server with the mesh's CRDs installed, as the writers meet it in a cluster.
final class WritersCluster: Sendable {
  let directory: TempDir
  let api: DevAPIServer
  let client: KubeClient

  var kubeconfig: String { api.kubeconfigPath }

  init(namespaces: [String]) async throws {
    directory = try TempDir()
    api = DevAPIServer(
      config: DevAPIServerConfig(stateDirectory: directory.path("api")), logger: Logger(label: "test.api"))
    _ = try await api.start()
    client = try KubeClient(config: try KubeConfig.fromKubeconfig(path: api.kubeconfigPath))
    _ = try await Tool.ok([
      "kubectl", "--kubeconfig", api.kubeconfigPath, "apply", "-f",
      Walkthrough.repositoryRoot.appendingPathComponent("manifests/crds").path,
    ])
    for namespace in namespaces {
      _ = try await client.create(KubeObject(type: .namespace, name: namespace), as: .namespace)
    }
  }

  func kubectl(_ arguments: String...) async throws -> String {
    try await Tool.ok(["kubectl", "--kubeconfig", kubeconfig] + arguments)
  }

  /// Whether `name` of `type` is gone (404).
  func isGone(_ type: ResourceType, namespace: String, name: String) async -> Bool {
    do {
      _ = try await client.get(type, namespace: namespace, name: name)
      return false
    } catch {
      return error.isNotFound
    }
  }

  func stop() async {
    await client.shutdown()
    await api.shutdown()
  }
}
