import AdminHTTP
import CA
import HBONE
import Logging
import MeshStore
import NIOCore
import NIOPosix
import ServiceLifecycle
import Shared
import Synchronization
import XDS

/// The waypoint: composition root for one L7 proxy. Delta ADS feeds two stores (workloads and
/// services from `istio.workload.Address` for endpoint choice, and the per-Service L7
/// configuration); the HBONE server on 15008 serves HTTP inside tunnels; upstream requests go
/// over the pooled HBONE client with the waypoint's own certificate. A ServiceLifecycle service:
/// SIGTERM stops accepting, lets open tunnels finish until `drainTimeout`, then closes.
public final class WaypointApp: ServiceLifecycle.Service, Sendable {
  public let config: WaypointConfig
  public let workloads: WorkloadStore
  public let services: WaypointServiceStore
  public let metrics: RequestMetrics
  let group: MultiThreadedEventLoopGroup
  let certificates: CertificateManager
  let credential: OwnCredential
  let client: HBONEClient
  let server: HBONEServer
  let xds: DeltaADSClient
  let forwarder: UpstreamForwarder
  let logger: Logger
  private let bound = Mutex<(hbone: SocketAddress?, admin: [SocketAddress])>((nil, []))
  private let quitRequested = Mutex<CheckedContinuation<Void, Never>?>(nil)

  public init(config: WaypointConfig, logger: Logger = Logger(label: "mesh.waypoint")) throws {
    self.config = config
    self.logger = logger
    group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, config.workerThreads))
    workloads = WorkloadStore()
    services = WaypointServiceStore()
    metrics = RequestMetrics()
    certificates = CertificateManager(source: config.certificates, ownIdentity: config.identity, logger: logger)
    credential = OwnCredential(manager: certificates, identity: config.identity, logger: logger)
    let trust = try HBONETrust(rootPEMs: config.rootPEMs, trustDomain: config.trustDomain)
    client = HBONEClient(group: group, trust: trust, logger: logger)
    let credential = self.credential
    let forwarder = UpstreamForwarder(
      store: workloads, client: client, credential: { credential.credential }, chooser: .roundRobin(), logger: logger)
    self.forwarder = forwarder
    let inbound = WaypointInbound(
      gateway: config.gateway, credential: credential, services: services, workloads: workloads,
      forwarder: forwarder, metrics: metrics, logger: logger)
    server = HBONEServer(group: group, trust: trust, delegate: inbound, logger: logger)
    xds = DeltaADSClient(
      config: config.xds,
      subscriptions: [
        XDSClientSubscription(
          typeURL: AddressHandler.typeURL, handler: AddressHandler(store: workloads, logger: logger)),
        XDSClientSubscription(
          typeURL: WaypointServiceHandler.typeURL, handler: WaypointServiceHandler(store: services, logger: logger)),
      ], logger: logger)
  }

  public func run() async throws {
    try await withThrowingDiscardingTaskGroup { tasks in
      tasks.addTask { await self.xds.run() }
      tasks.addTask { await self.credential.run() }
      let listener = try await server.bind(host: config.hboneAddress.host, port: config.hboneAddress.port)
      let admin = try await startAdmin()
      bound.withLock { $0.hbone = listener.localAddress }
      logger.info(
        "waypoint running",
        metadata: ["waypoint.gateway": "\(config.gateway)", "waypoint.hbone": "\(listener.localAddress)"])
      await waitForShutdown()
      logger.info("waypoint draining", metadata: ["waypoint.deadline": "\(config.drainTimeout)"])
      await server.stopAccepting()
      await server.close(deadline: .now + config.drainTimeout)
      forwarder.pool.closeAll()
      await client.close()
      await certificates.shutdown()
      for channel in admin { try? await channel.close() }
      tasks.cancelAll()
    }
    try? await group.shutdownGracefully()
  }

  /// The HBONE listener's address once running (port 0 in tests picks one).
  public var hboneAddress: SocketAddress? { bound.withLock { $0.hbone } }
  /// Admin, metrics and readiness listeners, in that order, once running.
  public var adminAddresses: [SocketAddress] { bound.withLock { $0.admin } }

  /// Ready when the first xDS answers arrived and the waypoint holds its certificate.
  public var isReady: Bool { xds.isReady && credential.credential != nil }

  private func waitForShutdown() async {
    await withTaskGroup(of: Void.self) { group in
      group.addTask { try? await gracefulShutdown() }
      group.addTask {
        await withCheckedContinuation { continuation in self.quitRequested.withLock { $0 = continuation } }
      }
      await group.next()
      group.cancelAll()
      quitRequested.withLock { continuation in
        continuation?.resume()
        continuation = nil
      }
    }
  }

  func quit() { quitRequested.withLock { $0?.resume() } }

  private func startAdmin() async throws -> [any Channel] {
    let routes = WaypointAdminRoutes(app: self)
    var channels: [any Channel] = []
    let listeners: [(HostPort, AdminListener)] = [
      (config.adminAddress, .admin), (config.metricsAddress, .metrics), (config.readinessAddress, .readiness),
    ]
    for (address, role) in listeners {
      let server = AdminHTTPServer(host: address.host, port: address.port, logger: logger) {
        await routes.respond($0, on: role)
      }
      channels.append(try await server.bind())
    }
    bound.withLock { $0.admin = channels.compactMap(\.localAddress) }
    return channels
  }
}
