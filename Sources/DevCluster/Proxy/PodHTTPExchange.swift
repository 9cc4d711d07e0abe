import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One request to a pod over a connection of its own, from the API server's network namespace
/// (the host's, which reaches pod IPs over the dev cluster's bridge). HTTP/1.1; `https:` ids
/// speak TLS without checking the pod's certificate, as kube-apiserver's proxy transport does
/// (`InsecureSkipVerify`), and present no client certificate: the pod learns nothing it could
/// use against the API server.
enum PodHTTPExchange {
  /// The largest answer body buffered (an istiod or ztunnel `config_dump` is a few MiB).
  static let maxAnswerBytes = 64 << 20
  /// Pods are one bridge hop away: one that has not accepted by then is not going to.
  static let connectTimeout = TimeAmount.seconds(10)

  struct Answer: Sendable {
    var head: HTTPResponseHead
    var body: ByteBuffer
  }

  private static let tls: Result<NIOSSLContext, any Error> = Result {
    var configuration = TLSConfiguration.makeClientConfiguration()
    configuration.certificateVerification = .none
    configuration.applicationProtocols = ["http/1.1"]
    return try NIOSSLContext(configuration: configuration)
  }

  /// Sends `request` with `headers` on `eventLoop` (the caller's connection's, so both ends of
  /// the proxy share one thread) and delivers the pod's whole answer. Fails with a
  /// `PodProxyFailure`; `abandon` (the caller's connection closing) stops the exchange.
  static func send(
    _ request: PodProxyRequest, headers: HTTPHeaders, on eventLoop: any EventLoop, abandon: EventLoopFuture<Void>
  ) -> EventLoopFuture<Answer> {
    let promise = eventLoop.makePromise(of: Answer.self)
    let address: SocketAddress
    let sslContext: NIOSSLContext?
    do {
      address = try SocketAddress(ipAddress: request.target.address, port: request.target.port)
      sslContext = request.target.scheme == .https ? try tls.get() : nil
    } catch {
      return eventLoop.makeFailedFuture(PodProxyFailure.dial(error))
    }
    let timeout = TimeAmount.nanoseconds(
      request.timeout.components.seconds * 1_000_000_000 + request.timeout.components.attoseconds / 1_000_000_000)
    let connected = ClientBootstrap(group: eventLoop)
      // Shorter than the whole exchange, so a pod that never answers the SYN gets the dial
      // error (`i/o timeout`) rather than the exchange's.
      .connectTimeout(min(timeout, connectTimeout))
      .channelOption(.socketOption(.tcp_nodelay), value: 1)
      .channelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          let pipeline = channel.pipeline.syncOperations
          if let sslContext { try pipeline.addHandler(NIOSSLClientHandler(context: sslContext, serverHostname: nil)) }
          try pipeline.addHTTPClientHandlers()
          try pipeline.addHandler(PodAnswerCollector(promise: promise, limit: maxAnswerBytes))
        }
      }
      .connect(to: address)
    connected.whenFailure { promise.fail(PodProxyFailure.dial($0)) }
    connected.whenSuccess { channel in
      let head = HTTPRequestHead(
        version: .http1_1, method: HTTPMethod(rawValue: request.method), uri: request.uri, headers: headers)
      channel.write(HTTPClientRequestPart.head(head), promise: nil)
      if !request.body.isEmpty {
        channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: request.body))), promise: nil)
      }
      channel.writeAndFlush(HTTPClientRequestPart.end(nil)).whenFailure { promise.fail(PodProxyFailure.exchange($0)) }
    }
    let deadline = eventLoop.scheduleTask(in: timeout) { promise.fail(PodProxyFailure.timeout(request.timeout)) }
    abandon.whenComplete { _ in promise.fail(PodProxyFailure.abandoned) }
    promise.futureResult.whenComplete { _ in
      deadline.cancel()
      connected.whenSuccess { $0.close(promise: nil) }
    }
    return promise.futureResult
  }
}
