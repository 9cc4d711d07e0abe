import MeshStore
import AdminHTTP
import CA
import HBONE
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Shared
import Synchronization
import XDS

/// The ztunnel: one per node. Composition root that owns the workload store (fed by Delta ADS),
/// the certificates of local workloads, the HBONE server and client, the listeners, and the
/// admin/metrics/readiness ports. A ServiceLifecycle service: SIGTERM stops accepting, lets
/// open connections finish until `drainTimeout`, then closes what is left.
public final class ZtunnelApp: ServiceLifecycle.Service, Sendable {
  public let config: ZtunnelConfig
  public let store: WorkloadStore
  public let metrics: TCPMetrics
  let group: MultiThreadedEventLoopGroup
  let certificates: CertificateManager
  let credentials: CredentialCache
  let client: HBONEClient
  let server: HBONEServer
  let xds: DeltaADSClient
  let listeners: LocalListeners
  let proxy: OutboundProxy
  let logger: Logger
  private let boundAdmin = Mutex<[SocketAddress]>([])
  private let boundSocks = Mutex<SocketAddress?>(nil)
  private let quitRequested = Mutex<CheckedContinuation<Void, Never>?>(nil)

  public init(config: ZtunnelConfig, logger: Logger = Logger(label: "mesh.ztunnel")) throws {
    self.config = config
    self.logger = logger
    group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, config.workerThreads))
    store = WorkloadStore()
    metrics = TCPMetrics()
    certificates = CertificateManager(source: config.certificates, ownIdentity: config.ownIdentity, logger: logger)
    credentials = CredentialCache(manager: certificates, logger: logger)
    let trust = try HBONETrust(rootPEMs: config.rootPEMs, trustDomain: config.trustDomain)
    let sockets: any WorkloadSockets
    var executor: NetnsExecutor?
    let namespaces = PodNamespaces()
    switch config.capture {
    case .explicit:
      sockets = PlainSockets()
      client = HBONEClient(group: group, trust: trust, logger: logger)
    case .inPod:
      let netns = try NetnsExecutor(logger: logger)
      executor = netns
      let podSockets = NetnsSockets(executor: netns, namespaces: namespaces)
      sockets = podSockets
      client = HBONEClient(group: group, trust: trust, connector: podSockets, logger: logger)
    }
    let inboundConfig = InboundConfig(mode: .inPod, network: config.network)
    let store = self.store
    let inbound = InboundTunnels(
      store: store, credentials: credentials, sockets: sockets, metrics: metrics, config: inboundConfig,
      trustDomain: config.trustDomain, logger: logger)
    server = HBONEServer(group: group, trust: trust, delegate: inbound, logger: logger)
    proxy = OutboundProxy(
      store: store, client: client, credentials: credentials, sockets: sockets, metrics: metrics,
      chooser: .roundRobin(), trustDomain: config.trustDomain, logger: logger)
    xds = DeltaADSClient(
      config: config.xds,
      subscriptions: [
        XDSClientSubscription(typeURL: AddressHandler.typeURL, handler: AddressHandler(store: store)),
        XDSClientSubscription(typeURL: AuthorizationHandler.typeURL, handler: AuthorizationHandler(store: store)),
      ], logger: logger)
    var inPod: InPodListeners?
    if let executor {
      let plaintext = PlaintextInbound(
        store: store, sockets: sockets, metrics: metrics, config: inboundConfig, logger: logger)
      inPod = InPodListeners(
        node: config.nodeName, store: store, server: server, credentials: credentials, proxy: proxy,
        inbound: plaintext, executor: executor, namespaces: namespaces, group: group,
        gate: config.captureGate, logger: logger)
    }
    listeners = LocalListeners(
      node: config.nodeName, store: store, server: server, credentials: credentials, inPod: inPod, logger: logger)
  }

  /// Runs until graceful shutdown, then drains.
  public func run() async throws {
    try await withThrowingDiscardingTaskGroup { tasks in
      tasks.addTask { await self.xds.run() }
      tasks.addTask { await self.listeners.run() }
      await credentials.start()
      let socks = try await startSocks5()
      let admin = try await startAdmin()
      logger.info("ztunnel running", metadata: ["ztunnel.node": "\(config.nodeName)"])
      await waitForShutdown()
      logger.info("ztunnel draining", metadata: ["ztunnel.deadline": "\(config.drainTimeout)"])
      try? await socks?.close()
      await listeners.closeAll()
      await drain()
      for channel in admin { try? await channel.close() }
      tasks.cancelAll()
    }
    try? await group.shutdownGracefully()
  }

  /// Returns on SIGTERM (graceful shutdown of the service group) or `POST /quitquitquit`.
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

  /// Stops accepting, waits for open tunnels until the drain deadline, then closes the rest.
  func drain() async {
    await server.stopAccepting()
    await server.close(deadline: .now + config.drainTimeout)
    await client.close()
    await certificates.shutdown()
  }

  /// The address the SOCKS5 listener is bound to (after `run` started it).
  private func startSocks5() async throws -> (any Channel)? {
    guard let address = config.socks5Address else { return nil }
    let proxy = self.proxy
    let store = self.store
    let logger = self.logger
    let channel = try await ServerBootstrap(group: group)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelOption(.allowRemoteHalfClosure, value: true)
      .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
      .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          try channel.pipeline.syncOperations.addHandler(
            Socks5Handler(
              proxy: proxy,
              resolve: { name, source in
                let snapshot = store.snapshot
                let namespace = source.flatMap { snapshot.workload(at: $0) }?.namespace
                return MeshNameResolver.resolve(name, from: namespace, snapshot: snapshot)
              }, logger: logger))
        }
      }
      .bind(host: address.host, port: address.port).get()
    boundSocks.withLock { $0 = channel.localAddress }
    logger.info("SOCKS5 listening", metadata: ["ztunnel.address": "\(channel.localAddress?.description ?? "")"])
    return channel
  }

  /// The bound SOCKS5 listener, once running.
  public var socks5BoundAddress: SocketAddress? { boundSocks.withLock { $0 } }

  /// Bound admin, metrics and readiness listeners (ports may be 0 in tests).
  public private(set) var adminAddresses: [SocketAddress] {
    get { boundAdmin.withLock { $0 } }
    set { boundAdmin.withLock { $0 = newValue } }
  }

  private func startAdmin() async throws -> [any Channel] {
    let routes = adminRoutes()
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
    adminAddresses = channels.compactMap(\.localAddress)
    return channels
  }

  func adminRoutes() -> AdminRoutes {
    let store = self.store
    let certificates = self.certificates
    let listeners = self.listeners
    let xds = self.xds
    let level = config.logLevel
    let credentials = self.credentials
    return AdminRoutes(
      snapshot: { store.snapshot },
      certificates: { await certificates.snapshot() },
      pendingIdentities: {
        let have = Set(credentials.identities)
        return listeners.localIdentities.subtracting(have).sorted { $0.uri < $1.uri }
      },
      readiness: {
        Readiness.evaluate(
          xdsReady: xds.isReady, unboundListeners: listeners.unbound, localIdentities: listeners.localIdentities,
          certifiedIdentities: Set(credentials.identities))
      },
      metrics: metrics,
      config: [
        "node": .string(config.nodeName), "trustDomain": .string(config.trustDomain),
        "capture": .string("\(config.capture)"), "xds": .string("\(config.xds.host):\(config.xds.port)"),
      ],
      quit: { [weak self] in self?.quit() },
      logLevel: { level.current },
      setLogLevel: { level.current = $0 })
  }

  /// `POST /quitquitquit`: the same graceful drain as SIGTERM.
  func quit() {
    quitRequested.withLock { $0?.resume() }
  }
}

extension ZtunnelApp {
  /// What `/healthz/ready` answers, without HTTP.
  public func adminReady() async -> Bool {
    await adminRoutes().respond(method: "GET", path: "/healthz/ready", query: [:]).status == 200
  }
}
