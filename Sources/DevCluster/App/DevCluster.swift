import Foundation
import Kube
import Logging
import Synchronization

/// The whole dev cluster as `meshctl dev up` runs it, composed from its parts: the node network
/// and runner (nodes and pods in network namespaces), the API server on the bridge address (where
/// pods and the host both reach it) with the runner as its process host, the controller manager
/// (Deployments, DaemonSets, EndpointSlices), the cluster DNS that pods' resolv.conf names, and
/// the service proxy that makes Service VIPs work.
///
/// `start()` checks the machine first and, on any failure, undoes what it did; `shutdown()` stops
/// pods and removes every namespace, veth, route and rule. Tests run it in-process.
public final class DevCluster: Sendable {
  public let config: DevClusterConfig
  public let runner: NodeRunner
  public let server: DevAPIServer
  let dns: ClusterDNSServer
  let logger: Logger

  private struct Running: Sendable {
    var client: KubeClient?
    var tasks: [Task<Void, Never>]
    var lock: ClusterLock
  }
  private let running = Mutex<Running?>(nil)

  public init(config: DevClusterConfig, logger: Logger = Logger(label: "mesh.dev")) throws(DevClusterError) {
    self.config = config
    self.logger = logger
    do {
      runner = try NodeRunner(config: config.runnerConfig, logger: logger)
    } catch {
      throw DevClusterError(error.message)
    }
    server = DevAPIServer(
      config: DevAPIServerConfig(
        stateDirectory: "\(config.stateDirectory)/apiserver", host: runner.hostAddress, port: config.apiPort,
        processHost: runner),
      logger: logger)
    dns = ClusterDNSServer(logger: logger)
  }

  /// `<stateDirectory>/apiserver/kubeconfig`: the admin kubeconfig (server on the bridge address).
  public var kubeconfigPath: String { server.kubeconfigPath }

  /// The client the cluster's own controllers use; nil before `start()`.
  public var client: KubeClient? { running.withLock { $0?.client } }

  /// Brings everything up in dependency order; on failure tears down what started and throws.
  public func start() async throws(DevClusterError) {
    try HostRequirements.check()
    let lock = try ClusterLock(cluster: config.cluster)
    running.withLock { $0 = Running(client: nil, tasks: [], lock: lock) }
    do {
      try await runner.setUpNetwork()
    } catch {
      await shutdown()
      throw DevClusterError(error.message)
    }
    do {
      let port = try await server.start()
      _ = try await dns.start(host: runner.hostAddress, port: config.dnsPort)
      let client = try KubeClient(config: try KubeConfig.fromKubeconfig(path: server.kubeconfigPath))
      try await runner.start(client: client, apiPort: port, caCertificatePEM: server.caCertificatePEM)
      let controllers = ControllerManager(client: client, logger: logger)
      let proxy = ServiceProxyController(
        client: client, networkNamespacePaths: runner.topology.nodes.map { "/var/run/netns/\($0.netns)" },
        logger: logger)
      let services = Informer(client: client, type: .service, logger: logger)
      let tasks = [
        Task { await controllers.run() },
        Task { await proxy.run() },
        Task { await services.run() },
        Task { [dns] in await dns.follow(services: services) },
      ]
      running.withLock { $0 = Running(client: client, tasks: tasks, lock: lock) }
      logger.info(
        "dev cluster running",
        metadata: [
          "dev.kubeconfig": "\(server.kubeconfigPath)", "dev.api": "\(server.serverURL)",
          "dev.dns": "\(runner.hostAddress):\(config.dnsPort)", "dev.nodes": "\(config.nodeCount)",
        ])
    } catch {
      await shutdown()
      throw DevClusterError("the dev cluster did not start: \(error)")
    }
  }

  /// Stops controllers, pods, DNS and the API server, and removes the cluster's network.
  public func shutdown() async {
    let state = running.withLock { state in
      defer { state = nil }
      return state
    }
    // Cancelled, not awaited: a watch mid-request must not hold up the teardown below.
    for task in state?.tasks ?? [] { task.cancel() }
    await runner.shutdown()
    await dns.shutdown()
    await state?.client?.shutdown()
    await server.shutdown()
    state?.lock.release()
    logger.info("dev cluster stopped")
  }
}
