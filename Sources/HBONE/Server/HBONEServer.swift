import Logging
import NIOCore
import NIOHTTP2
import NIOPosix
import NIOSSL
import Shared
import Synchronization

/// The HBONE server (port 15008): mutual TLS 1.3 with ALPN h2, HTTP/2 with Istio's windows and
/// limits, one CONNECT tunnel per stream. The delegate picks certificates and decides tunnels;
/// this type does TLS, HTTP/2, the copy loop and the drain.
public final class HBONEServer: Sendable {
  let group: any EventLoopGroup
  let trust: HBONETrust
  let settings: HBONESettings
  let delegate: any HBONEServerDelegate
  let logger: Logger
  private let contexts: TLSContextCache
  private let state = Mutex(State())

  private struct State {
    var listeners: [ObjectIdentifier: any Channel] = [:]
    var connections: [ObjectIdentifier: any Channel] = [:]
    var openStreams = 0
    var idleWaiters: [CheckedContinuation<Void, Never>] = []
    /// The drain deadline passed: nobody waits for idleness any more.
    var drainOver = false
  }

  public init(
    group: any EventLoopGroup, trust: HBONETrust, settings: HBONESettings = .init(),
    delegate: any HBONEServerDelegate, logger: Logger
  ) {
    self.group = group
    self.trust = trust
    self.settings = settings
    self.delegate = delegate
    self.logger = logger
    self.contexts = TLSContextCache(side: .server, trust: trust)
  }

  /// Binds `host:port` (port 0: ephemeral) and accepts until the listener is closed.
  public func bind(host: String, port: Int) async throws -> HBONEListener {
    try await listen(bootstrap().bind(host: host, port: port).get())
  }

  /// Accepts on a socket that is already bound and listening (opened by the caller inside a
  /// pod's network namespace).
  public func adopt(listeningSocket: NIOBSDSocket.Handle) async throws -> HBONEListener {
    try await listen(bootstrap().withBoundSocket(listeningSocket).get())
  }

  /// Open tunnels (spliced streams).
  public var openStreams: Int { state.withLock { $0.openStreams } }

  /// Closes every listener; established connections and tunnels continue.
  public func stopAccepting() async {
    let listeners = state.withLock { state in
      defer { state.listeners.removeAll() }
      return Array(state.listeners.values)
    }
    for listener in listeners { try? await listener.close() }
  }

  /// Tells every client to open no new tunnels on its connection (GOAWAY, NO_ERROR), waits for
  /// open tunnels to finish until `deadline`, then closes every connection. Pooled clients move
  /// new tunnels to another connection instead of failing them against a closing one.
  public func close(deadline: ContinuousClock.Instant) async {
    let draining = state.withLock { Array($0.connections.values) }
    for connection in draining {
      let goAway = HTTP2Frame(
        streamID: .rootStream, payload: .goAway(lastStreamID: .maxID, errorCode: .noError, opaqueData: nil))
      connection.writeAndFlush(goAway, promise: nil)
    }
    await withTaskGroup(of: Void.self) { group in
      group.addTask { await self.waitUntilIdle() }
      group.addTask { try? await Task.sleep(until: deadline) }
      await group.next()
      group.cancelAll()
      // The idle wait is a continuation, deaf to cancellation: end it here, or the task group
      // would wait for tunnels that outlive the deadline.
      let waiters = state.withLock { state in
        state.drainOver = true
        defer { state.idleWaiters.removeAll() }
        return state.idleWaiters
      }
      for waiter in waiters { waiter.resume() }
    }
    let connections = state.withLock { Array($0.connections.values) }
    for connection in connections { connection.close(promise: nil) }
  }

  private func waitUntilIdle() async {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
      let idle = state.withLock { state -> Bool in
        if state.openStreams == 0 || state.drainOver { return true }
        state.idleWaiters.append(continuation)
        return false
      }
      if idle { continuation.resume() }
    }
  }

  func streamOpened() { state.withLock { $0.openStreams += 1 } }

  func streamFinished(_ request: HBONEConnectRequest, stats: SpliceStats) {
    let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
      state.openStreams -= 1
      guard state.openStreams == 0 else { return [] }
      defer { state.idleWaiters.removeAll() }
      return state.idleWaiters
    }
    for waiter in waiters { waiter.resume() }
    logger.debug(
      "HBONE tunnel closed",
      metadata: [
        "hbone.authority": "\(request.authority)", "hbone.peer_identity": "\(request.peerIdentity)",
        "hbone.bytes_from_peer": "\(stats.bytesFromPeer)", "hbone.bytes_to_peer": "\(stats.bytesToPeer)",
        "hbone.error": "\(stats.error.map { "\($0)" } ?? "none")",
      ])
    delegate.streamClosed(request, stats: stats)
  }

  private func listen(_ channel: any Channel) async throws -> HBONEListener {
    let id = ObjectIdentifier(channel)
    state.withLock { $0.listeners[id] = channel }
    channel.closeFuture.whenComplete { [weak self] _ in
      self?.state.withLock { _ = $0.listeners.removeValue(forKey: id) }
    }
    guard let address = channel.localAddress else { throw HBONEError(.connectFailed, "listener has no address") }
    logger.info("HBONE listening", metadata: ["hbone.address": "\(address)"])
    return HBONEListener(channel: channel, localAddress: address)
  }

  private func bootstrap() -> ServerBootstrap {
    ServerBootstrap(group: group)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .serverChannelOption(.backlog, value: 1024)
      .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
      .childChannelInitializer { [self] channel in
        channel.eventLoop.makeCompletedFuture { try self.configure(channel) }
      }
  }

  private func configure(_ channel: any Channel) throws {
    let local = channel.localAddress
    guard let local, let credential = delegate.serverCredential(localAddress: local) else {
      logger.warning(
        "HBONE connection refused: no certificate for this address",
        metadata: [
          "hbone.peer": "\(channel.remoteAddress?.description ?? "?")", "hbone.local": "\(local?.description ?? "?")",
        ])
      delegate.handshakeFailed(
        peerAddress: channel.remoteAddress, localAddress: local,
        error: HBONEError(.badCredential, "no certificate for a workload at \(local?.description ?? "?")"))
      throw HBONEError(.badCredential, "no certificate for \(local?.description ?? "?")")
    }
    let context = try contexts.context(for: credential)
    let check = HandshakeCheck(
      trustDomain: trust.trustDomain, expected: nil, completed: channel.eventLoop.makePromise())
    let delegate = self.delegate
    let peer = channel.remoteAddress
    let logger = self.logger
    check.result.whenFailure { error in
      logger.warning(
        "HBONE handshake failed",
        metadata: ["hbone.peer": "\(peer?.description ?? "?")", "hbone.local": "\(local)", "hbone.error": "\(error)"])
      delegate.handshakeFailed(peerAddress: peer, localAddress: local, error: error)
    }
    let sync = channel.pipeline.syncOperations
    try sync.addHandler(NIOSSLServerHandler(context: context))
    try sync.addHandler(check)
    _ = try sync.configureHTTP2Pipeline(
      mode: .server, connectionConfiguration: settings.connectionConfiguration,
      streamConfiguration: settings.streamConfiguration
    ) { [self] stream in
      stream.eventLoop.makeCompletedFuture {
        try stream.pipeline.syncOperations.addHandler(ConnectStreamHandler(server: self, connection: check))
      }
    }
    try sync.addHandler(ConnectionWindowOpener(target: settings.connectionWindowBytes))
    try sync.addHandler(KeepaliveHandler(interval: settings.pingInterval, timeout: settings.pingTimeout))
    let id = ObjectIdentifier(channel)
    state.withLock { $0.connections[id] = channel }
    channel.closeFuture.whenComplete { [weak self] _ in
      self?.state.withLock { _ = $0.connections.removeValue(forKey: id) }
    }
  }
}
