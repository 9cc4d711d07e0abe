import ArgumentParser
import ControlPlane
import Foundation
import Kube
import MeshCtlKit
import Shared

/// How meshctl finds the cluster (as kubectl does) and what it prints.
struct KubeOptions: ParsableArguments {
  @Option(help: "Kubeconfig file (default: $KUBECONFIG, then ~/.kube/config, then in-cluster).")
  var kubeconfig: String?
  @Option(help: "Kubeconfig context to use (default: the current context).") var context: String?
  @Option(name: [.customShort("n"), .long], help: "Namespace (default: the context's namespace).")
  var namespace: String?
  @Option(help: "The mesh's root namespace (where the control plane and ztunnels run).")
  var rootNamespace = MeshDefaults.rootNamespace

  func client() throws -> KubeClient {
    do {
      let config = try KubeConfig.resolve(explicitPath: kubeconfig, context: context)
      return try KubeClient(config: config, requestTimeout: .seconds(20))
    } catch {
      throw MeshCtlError("\(error)")
    }
  }

  func resolvedNamespace(_ client: KubeClient) -> String { namespace ?? client.config.namespace }

  var meshConfig: MeshConfig { MeshConfig(rootNamespace: rootNamespace) }

  /// Runs `body` with a client that is shut down afterwards, whatever happens.
  func withClient<T>(_ body: (KubeClient) async throws -> T) async throws -> T {
    let client = try client()
    do {
      let result = try await body(client)
      await client.shutdown()
      return result
    } catch {
      await client.shutdown()
      throw error
    }
  }
}

/// `-o table|json|yaml`.
struct OutputOptions: ParsableArguments {
  @Option(name: [.customShort("o"), .long], help: "Output format: table, json or yaml.")
  var output: OutputFormat = .table
}

extension OutputFormat: ExpressibleByArgument {}
