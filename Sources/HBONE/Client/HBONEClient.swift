import Shared
import Logging
import NIOCore
import NIOHPACK
import NIOHTTP2
import NIOPosix
import NIOSSL
import Synchronization

/// The HBONE client: pooled mTLS HTTP/2 connections (wire-facts §5 pool key and limits), one
/// CONNECT stream per tunnel. Concurrent tunnels for one key share the connection being
/// established instead of each starting a TLS handshake.
public final class HBONEClient: Sendable {
  let group: any EventLoopGroup
  let trust: HBONETrust
  let settings: HBONESettings
  let connector: any HBONEConnector
  let logger: Logger
  private let contexts: TLSContextCache
  private let pool = Mutex<[PoolKey: [PooledConnection]]>([:])
  private let sweeper = Mutex<RepeatedTask?>(nil)

  public init(
    group: any EventLoopGroup, trust: HBONETrust, settings: HBONESettings = .init(),
    connector: (any HBONEConnector)? = nil, logger: Logger
  ) {
    self.group = group
    self.trust = trust
    self.settings = settings
    self.connector = connector ?? DirectHBONEConnector()
    self.logger = logger
    self.contexts = TLSContextCache(side: .client, trust: trust)
    let idle = settings.poolIdleTimeout
    let task = group.next().scheduleRepeatedTask(initialDelay: .seconds(30), delay: .seconds(30)) { [weak self] _ in
      self?.closeIdle(olderThan: idle)
    }
    sweeper.withLock { $0 = task }
  }

  /// Connections currently pooled.
  public var pooledConnections: Int { pool.withLock { $0.values.reduce(0) { $0 + $1.count } } }

  /// Opens a tunnel; the stream is on `eventLoop` (pass the local socket's loop).
  public func open(_ target: HBONETarget, on eventLoop: any EventLoop) -> EventLoopFuture<HBONEStream> {
    guard !target.expectedIdentities.isEmpty else {
      return eventLoop.makeFailedFuture(
        HBONEError(.identityMismatch, "no expected identity for \(target.peer): refusing to tunnel unverified"))
    }
    let key = PoolKey(target, loop: eventLoop)
    let (connection, isNew) = acquire(key, loop: eventLoop)
    if isNew { establish(connection, target: target, on: eventLoop) }
    let release: @Sendable () -> Void = { [weak self] in self?.release(connection) }
    return connection.ready.futureResult
      .flatMap { multiplexer in Self.openStream(multiplexer, target: target, on: eventLoop) }
      .map { opened in HBONEStream(channel: opened.0, response: opened.1, released: Self.once(release)) }
      .flatMapErrorThrowing { error in
        release()
        throw error
      }
  }

  /// Closes every pooled connection (their tunnels end).
  public func close() async {
    sweeper.withLock { $0?.cancel() }
    let all = pool.withLock { pool in
      defer { pool.removeAll() }
      return pool.values.flatMap { $0 }
    }
    for connection in all {
      connection.markUnusable()
      if let channel = try? await connection.channel.futureResult.get() { try? await channel.close() }
    }
  }

  // MARK: Pool

  private func acquire(_ key: PoolKey, loop: any EventLoop) -> (PooledConnection, Bool) {
    pool.withLock { pool in
      let limit = settings.maxStreamsPerPooledConnection
      if let existing = pool[key]?.first(where: { $0.reserve(limit: limit) }) { return (existing, false) }
      let connection = PooledConnection(key: key, loop: loop)
      _ = connection.reserve(limit: limit)
      pool[key, default: []].append(connection)
      return (connection, true)
    }
  }

  private func release(_ connection: PooledConnection) {
    _ = connection.release()
  }

  private func remove(_ connection: PooledConnection) {
    connection.markUnusable()
    pool.withLock { pool in
      pool[connection.key]?.removeAll { $0 === connection }
      if pool[connection.key]?.isEmpty == true { pool[connection.key] = nil }
    }
  }

  private func closeIdle(olderThan timeout: Duration) {
    let now = ContinuousClock.now
    let idle = pool.withLock { pool in pool.values.flatMap { $0 }.filter { $0.isIdle(for: timeout, now: now) } }
    for connection in idle {
      remove(connection)
      connection.channel.futureResult.whenSuccess { $0.close(promise: nil) }
    }
  }

  // MARK: Connection

  private func establish(_ connection: PooledConnection, target: HBONETarget, on loop: any EventLoop) {
    let context: NIOSSLContext
    do {
      context = try contexts.context(for: target.source)
    } catch {
      remove(connection)
      connection.ready.fail(error)
      connection.channel.fail(error)
      return
    }
    let handshake = loop.makePromise(of: SpiffeIdentityResult.self)
    let multiplexer = loop.makePromise(of: NIOHTTP2Handler.StreamMultiplexer.self)
    let expected = Set(target.expectedIdentities)
    let trustDomain = trust.trustDomain
    let settings = self.settings
    let logger = self.logger
    let peer = target.peer
    let source = target.source.identity
    let remove: @Sendable (PooledConnection) -> Void = { [weak self] in self?.remove($0) }
    let bootstrap = ClientBootstrap(group: loop)
      .channelOption(.socketOption(.tcp_nodelay), value: 1)
      .connectTimeout(.seconds(10))
      .channelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          let sync = channel.pipeline.syncOperations
          // No SNI: HBONE peers are addressed by IP and identified by SPIFFE ID.
          try sync.addHandler(NIOSSLClientHandler(context: context, serverHostname: nil))
          let check = HandshakeCheck(
            trustDomain: trustDomain, expected: expected, completed: channel.eventLoop.makePromise())
          try sync.addHandler(check)
          check.result.whenComplete { handshake.succeed(SpiffeIdentityResult($0)) }
          let mux = try sync.configureHTTP2Pipeline(
            mode: .client, connectionConfiguration: settings.connectionConfiguration,
            streamConfiguration: settings.streamConfiguration
          ) { stream in
            // The server never opens streams towards us.
            stream.close()
          }
          try sync.addHandler(ConnectionWindowOpener(target: settings.connectionWindowBytes))
          try sync.addHandler(KeepaliveHandler(interval: settings.pingInterval, timeout: settings.pingTimeout))
          try sync.addHandler(
            GoAwayWatcher { code in
              logger.debug(
                "HBONE peer sent GOAWAY: no new tunnels on this connection",
                metadata: ["hbone.peer": "\(peer)", "hbone.goaway": "\(code)"])
              remove(connection)
            })
          multiplexer.succeed(mux)
        }
      }
    connector.connect(bootstrap, for: target).whenComplete { result in
      switch result {
      case .failure(let error):
        remove(connection)
        let failure = HBONEError(.connectFailed, "cannot connect to HBONE peer \(peer): \(error)")
        connection.channel.fail(failure)
        connection.ready.fail(failure)
        multiplexer.fail(failure)
        handshake.succeed(SpiffeIdentityResult(.failure(failure)))
      case .success(let channel):
        connection.channel.succeed(channel)
        channel.closeFuture.whenComplete { _ in remove(connection) }
        let verified = handshake.futureResult.flatMapThrowing { try $0.result.get() }
        verified.whenComplete { result in
          switch result {
          case .success(let identity):
            logger.debug(
              "HBONE connection established",
              metadata: ["hbone.peer": "\(peer)", "hbone.peer_identity": "\(identity)", "hbone.source": "\(source)"])
          case .failure(let error):
            logger.warning(
              "HBONE handshake failed",
              metadata: ["hbone.peer": "\(peer)", "hbone.source": "\(source)", "hbone.error": "\(error)"])
          }
        }
        verified.and(multiplexer.futureResult)
          .map { $0.1 }
          .cascade(to: connection.ready)
      }
    }
  }

  private static func openStream(
    _ multiplexer: NIOHTTP2Handler.StreamMultiplexer, target: HBONETarget, on loop: any EventLoop
  ) -> EventLoopFuture<(any Channel, ConnectResponseHandler)> {
    let answered = loop.makePromise(of: Void.self)
    let response = ConnectResponseHandler(answered: answered)
    var headers = HPACKHeaders([(":method", "CONNECT"), (":authority", target.authority)])
    for header in target.headers { headers.add(name: header.name, value: header.value) }
    let request = headers
    let created = multiplexer.createStreamChannel { stream in
      stream.eventLoop.makeCompletedFuture {
        try stream.pipeline.syncOperations.addHandler(response)
      }
    }
    // No stream (the connection closed or refuses streams): the answer will never come.
    created.whenFailure { answered.fail(HBONEError(.protocolError, "cannot open a CONNECT stream: \($0)")) }
    return created.flatMap { stream in
      stream.setOption(ChannelOptions.autoRead, value: true).flatMap {
        stream.writeAndFlush(HTTP2Frame.FramePayload.headers(.init(headers: request)))
      }
      .flatMap { answered.futureResult }
      .map { (stream, response) }
      .flatMapErrorThrowing { error in
        stream.close(promise: nil)
        throw error
      }
    }
  }

  /// Wraps `body` so it runs at most once (a tunnel is released exactly once).
  static func once(_ body: @escaping @Sendable () -> Void) -> @Sendable () -> Void {
    let done = Atomic(false)
    return {
      if !done.exchange(true, ordering: .relaxed) { body() }
    }
  }
}

/// `Result` of the handshake check, as a Sendable value a promise can carry.
struct SpiffeIdentityResult: Sendable {
  let result: Result<SpiffeIdentity, any Error>
  init(_ result: Result<SpiffeIdentity, any Error>) { self.result = result }
}
