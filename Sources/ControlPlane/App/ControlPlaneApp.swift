import Foundation
import Kube
import Logging
import ServiceLifecycle
import Shared
import XDS

/// The control plane's Kubernetes side as one service. Every replica runs the informers and the
/// publisher that keeps the xDS cache equal to their translation (all replicas serve xDS and
/// certificates); the writers (waypoint controller, status, root bundle) run only on the replica
/// holding the `ambient-mesh-controller` Lease in the root namespace.
public struct ControlPlaneApp: ServiceLifecycle.Service {
  public let watch: ClusterWatch
  public let publisher: MeshPublisher
  public let elector: LeaderElector
  private let writers: ClusterWriters
  private let logger: Logger

  public static let leaseName = "ambient-mesh-controller"

  public init(
    client: KubeClient, cache: ResourceCache, config: MeshConfig, identity: String = ControlPlaneApp.defaultIdentity,
    trustBundlePEM: String? = nil, waypointSettings: WaypointSettings = WaypointSettings(),
    logger: Logger = Logger(label: "mesh.controlplane")
  ) {
    let watch = ClusterWatch(client: client, logger: logger)
    let diagnostics = LatestValue<[ObjectDiagnostic]>([])
    self.watch = watch
    self.publisher = MeshPublisher(
      watch: watch, cache: cache, config: config, logger: logger, onDiagnostics: { diagnostics.set($0) })
    self.elector = LeaderElector(
      client: client, namespace: config.rootNamespace, name: Self.leaseName, identity: identity, logger: logger)
    self.writers = ClusterWriters(
      watch: watch, waypoints: WaypointController(client: client, settings: waypointSettings, logger: logger),
      statuses: PolicyStatusWriter(client: client, logger: logger),
      roots: RootCertPublisher(client: client, logger: logger),
      trustBundlePEM: trustBundlePEM, diagnostics: diagnostics, logger: logger)
    self.logger = logger
  }

  /// The pod name in a cluster (`POD_NAME`, else the host name), made unique per process.
  public static var defaultIdentity: String {
    let environment = ProcessInfo.processInfo.environment
    let base = environment["POD_NAME"] ?? ProcessInfo.processInfo.hostName
    return "\(base)_\(UUID().uuidString.prefix(8).lowercased())"
  }

  public func run() async throws {
    await cancelWhenGracefulShutdown {
      await withTaskGroup(of: Void.self) { group in
        group.addTask { await watch.run() }
        group.addTask { await publisher.run() }
        group.addTask { await elector.run { await writers.lead() } }
        await group.waitForAll()
      }
    }
  }
}
