import Foundation
import Kube
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import ServiceLifecycle
import Synchronization

/// The embedded dev cluster's Kubernetes-compatible API server: what kubectl (with the
/// kubeconfig it writes) and the mesh's own client talk to when there is no real cluster.
///
/// HTTPS (TLS 1.2+, HTTP/1.1) with the dev PKI under `<stateDirectory>/pki`; objects in memory,
/// journaled under `<stateDirectory>/data` so a restart keeps them. Authentication: the admin
/// token from the kubeconfig, or a service-account token for the API audience whose account
/// still exists. RBAC is not enforced: every authenticated caller may do everything.
public final class DevAPIServer: Service, Sendable {
  private struct Running: Sendable {
    let group: MultiThreadedEventLoopGroup
    let listener: any Channel
    let connections: ChannelTracker
    let cluster: ClusterState
    let bookmarks: RepeatedTask
    let port: Int
    let serverURL: String
    let pki: DevPKI
  }

  private enum State: Sendable {
    case idle
    case starting
    case running(Running)
    case stopped
  }

  private let config: DevAPIServerConfig
  private let logger: Logger
  private let state = Mutex<State>(.idle)

  public init(config: DevAPIServerConfig, logger: Logger) {
    self.config = config
    self.logger = logger
  }

  /// `<stateDirectory>/kubeconfig`: the admin kubeconfig, written by `start()`.
  public var kubeconfigPath: String { (config.stateDirectory as NSString).appendingPathComponent("kubeconfig") }

  private var running: Running? {
    state.withLock {
      if case .running(let running) = $0 { return running }
      return nil
    }
  }

  /// `https://127.0.0.1:<port>`; empty until `start()` returns.
  public var serverURL: String { running?.serverURL ?? "" }

  /// The cluster-admin bearer token; empty until `start()` returns.
  public var adminToken: String { running?.pki.adminToken ?? "" }

  /// The CA that signed the serving certificate (PEM); empty until `start()` returns.
  public var caCertificatePEM: String { running?.pki.caCertificatePEM ?? "" }

  /// Loads state, binds, writes the kubeconfig and returns the port. Calling it again once
  /// running returns the same port.
  public func start() async throws -> Int {
    let proceed = try state.withLock { (state) throws(DevAPIServerError) -> Int? in
      switch state {
      case .running(let running): return running.port
      case .starting: throw DevAPIServerError("the dev API server is already starting")
      case .stopped: throw DevAPIServerError("the dev API server was shut down; create a new one to start again")
      case .idle:
        state = .starting
        return nil
      }
    }
    if let port = proceed { return port }
    do {
      let running = try await launch()
      state.withLock { $0 = .running(running) }
      logger.info(
        "dev API server listening",
        metadata: ["devcluster.url": "\(running.serverURL)", "devcluster.kubeconfig": "\(kubeconfigPath)"])
      return running.port
    } catch {
      state.withLock { $0 = .idle }
      throw error
    }
  }

  private func launch() async throws -> Running {
    let stateDirectory = config.stateDirectory
    let pkiDirectory = (stateDirectory as NSString).appendingPathComponent("pki")
    let wildcard = ["0.0.0.0", "::", ""].contains(config.host)
    let pki: DevPKI
    let issuer: ServiceAccountTokenIssuer
    do {
      pki = try DevPKI.loadOrCreate(directory: pkiDirectory, extraSANs: wildcard ? [] : [config.host])
      issuer = try ServiceAccountTokenIssuer.loadOrCreate(directory: pkiDirectory)
    } catch {
      throw DevAPIServerError("cannot prepare the dev cluster's certificates in \(pkiDirectory): \(error.message)")
    }
    let (journal, store): (Journal, ObjectStore)
    do {
      (journal, store) = try Journal.open(directory: (stateDirectory as NSString).appendingPathComponent("data"))
    } catch {
      throw DevAPIServerError(error.message)
    }
    let cluster = ClusterState(
      store: store, journal: journal, context: ClusterContext(caCertificatePEM: pki.caCertificatePEM),
      historyCapacity: config.eventHistory, logger: logger)
    do {
      try cluster.write { (transaction) throws(KubeAPIError) in try ClusterBootstrap.ensure(in: &transaction) }
    } catch {
      cluster.close()
      throw DevAPIServerError("cannot create the initial namespaces: \(error.message)")
    }
    let sslContext: NIOSSLContext
    do {
      var tls = TLSConfiguration.makeServerConfiguration(
        certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(pki.serverCertificatePEM.utf8)).map {
          .certificate($0)
        },
        privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(pki.serverPrivateKeyPEM.utf8), format: .pem)))
      tls.minimumTLSVersion = .tlsv12
      tls.applicationProtocols = ["http/1.1"]
      sslContext = try NIOSSLContext(configuration: tls)
    } catch {
      cluster.close()
      throw DevAPIServerError("cannot load the serving certificate from \(pkiDirectory): \(error)")
    }

    let service = APIService(
      cluster: cluster, issuer: issuer, adminToken: pki.adminToken, logger: logger, processHost: config.processHost)
    let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, min(System.coreCount, 4)))
    let connections = ChannelTracker()
    let logger = self.logger
    let listener: any Channel
    do {
      listener = try await ServerBootstrap(group: group)
        .serverChannelOption(.backlog, value: 256)
        .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
        .childChannelInitializer { channel in
          connections.add(channel)
          return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext))
            try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
            try channel.pipeline.syncOperations.addHandler(APIConnectionHandler(service: service, logger: logger))
          }
        }
        .bind(host: wildcard && config.host.isEmpty ? "0.0.0.0" : config.host, port: config.port).get()
    } catch {
      cluster.close()
      try? await group.shutdownGracefully()
      throw DevAPIServerError("cannot listen on \(config.host):\(config.port): \(error)")
    }
    let port = listener.localAddress?.port ?? config.port
    let urlHost = wildcard ? "127.0.0.1" : (config.host.contains(":") ? "[\(config.host)]" : config.host)
    let serverURL = "https://\(urlHost):\(port)"
    do {
      try DevKubeconfig.write(
        DevKubeconfig.render(serverURL: serverURL, caCertificatePEM: pki.caCertificatePEM, token: pki.adminToken),
        to: kubeconfigPath)
    } catch {
      try? await listener.close()
      cluster.close()
      try? await group.shutdownGracefully()
      throw DevAPIServerError("cannot write the kubeconfig \(kubeconfigPath): \(error.message)")
    }
    let interval = TimeAmount.nanoseconds(
      max(
        1_000_000,
        config.bookmarkInterval.components.seconds * 1_000_000_000
          + config.bookmarkInterval.components.attoseconds / 1_000_000_000))
    let bookmarks = group.next().scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
      cluster.sendBookmarks()
    }
    return Running(
      group: group, listener: listener, connections: connections, cluster: cluster, bookmarks: bookmarks, port: port,
      serverURL: serverURL, pki: pki)
  }

  /// Serves until graceful shutdown (or task cancellation, or `shutdown()`), starting first if
  /// needed.
  public func run() async throws {
    _ = try await start()
    guard let listener = running?.listener else { return }
    await withTaskGroup(of: Void.self) { group in
      group.addTask { try? await gracefulShutdown() }
      group.addTask { try? await listener.closeFuture.get() }
      await group.next()
      group.cancelAll()
      await shutdown()
    }
  }

  /// Stops listening, closes every connection (ending watches) and closes the journal.
  public func shutdown() async {
    let running = state.withLock { (state) -> Running? in
      guard case .running(let running) = state else {
        if case .idle = state { state = .stopped }
        return nil
      }
      state = .stopped
      return running
    }
    guard let running else { return }
    running.bookmarks.cancel()
    try? await running.listener.close()
    for closing in running.connections.closeAll() { try? await closing.get() }
    running.cluster.close()
    try? await running.group.shutdownGracefully()
    logger.info("dev API server stopped", metadata: ["devcluster.url": "\(running.serverURL)"])
  }

  /// Drops the whole watch history (like an etcd compaction): watches resuming from an older
  /// resourceVersion get 410 Expired. For tests of relisting.
  public func compactHistory() { running?.cluster.compactHistory() }

  /// Closes every open watch mid-stream. For tests of watch reconnection.
  public func dropWatches() { running?.cluster.dropWatches() }
}
