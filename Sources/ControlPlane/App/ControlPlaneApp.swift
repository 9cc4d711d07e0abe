import Kube
import Logging
import ServiceLifecycle
import XDS

/// The control plane's Kubernetes side as one service: informers for every kind it reads, and the
/// publisher that keeps the xDS cache equal to their translation. Every replica runs it (all serve
/// xDS and certificates); writers that must run once per cluster run under leader election.
public struct ControlPlaneApp: Service {
  public let watch: ClusterWatch
  public let publisher: MeshPublisher
  private let logger: Logger

  public init(
    client: KubeClient, cache: ResourceCache, config: MeshConfig,
    logger: Logger = Logger(label: "mesh.controlplane")
  ) {
    self.watch = ClusterWatch(client: client, logger: logger)
    self.publisher = MeshPublisher(watch: watch, cache: cache, config: config, logger: logger)
    self.logger = logger
  }

  public func run() async throws {
    try await cancelWhenGracefulShutdown {
      await withTaskGroup(of: Void.self) { group in
        group.addTask { await watch.run() }
        group.addTask { await publisher.run() }
        await group.waitForAll()
      }
    }
  }
}
