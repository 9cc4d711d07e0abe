import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

/// A small plain-HTTP server for admin, metrics and readiness ports (control plane 15014, ztunnel
/// 15000/15020/15021): answers computed by a routing closure. Not for the mesh's traffic: it serves
/// operators and probes, so simplicity beats speed here.
public final class AdminHTTPServer: Service, Sendable {
  public typealias Route = @Sendable (_ request: AdminRequest) async -> AdminResponse

  private let host: String
  private let port: Int
  private let route: Route
  private let logger: Logger

  public init(
    host: String, port: Int, logger: Logger = Logger(label: "mesh.admin"), route: @escaping Route
  ) {
    self.host = host
    self.port = port
    self.route = route
    self.logger = logger
  }

  /// Binds and serves until graceful shutdown.
  public func run() async throws {
    let channel = try await bind()
    await withGracefulShutdownHandler {
      try? await channel.closeFuture.get()
    } onGracefulShutdown: {
      channel.close(promise: nil)
    }
  }

  /// Binds and serves until the returned channel is closed (for callers that need the bound port).
  public func bind() async throws -> any Channel {
    let route = self.route
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelInitializer { channel in
        channel.pipeline.configureHTTPServerPipeline().flatMap {
          channel.pipeline.addHandler(AdminRequestHandler(route: route))
        }
      }
      .bind(host: host, port: port).get()
    logger.info("admin listening", metadata: ["admin.address": "\(channel.localAddress?.description ?? host)"])
    return channel
  }
}

/// Reads one request head, answers it through the route, keeps the connection alive.
private final class AdminRequestHandler: ChannelInboundHandler, @unchecked Sendable {
  // @unchecked: NIO calls a handler on its channel's event loop only.
  typealias InboundIn = HTTPServerRequestPart
  typealias OutboundOut = HTTPServerResponsePart

  private let route: AdminHTTPServer.Route
  private var head: HTTPRequestHead?

  init(route: @escaping AdminHTTPServer.Route) { self.route = route }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch unwrapInboundIn(data) {
    case .head(let head): self.head = head
    case .body: break
    case .end:
      guard let head else { return }
      self.head = nil
      let route = self.route
      let loop = context.eventLoop
      let bound = NIOLoopBound((self, context), eventLoop: loop)
      let request = AdminRequest(
        method: head.method.rawValue, uri: head.uri, fromLoopback: Self.isLoopback(context.channel.remoteAddress))
      let keepAlive = head.isKeepAlive
      let promise = loop.makePromise(of: AdminResponse.self)
      promise.completeWithTask { await route(request) }
      promise.futureResult.whenSuccess { response in
        let (handler, context) = bound.value
        handler.write(response, keepAlive: keepAlive, context: context)
      }
    }
  }

  /// 127.0.0.0/8 and ::1 (also as an IPv4-mapped address); an unknown peer is not local.
  static func isLoopback(_ address: SocketAddress?) -> Bool {
    guard let ip = address?.ipAddress else { return false }
    return ip.hasPrefix("127.") || ip == "::1" || ip.hasPrefix("::ffff:127.")
  }

  private func write(_ response: AdminResponse, keepAlive: Bool, context: ChannelHandlerContext) {
    var headers = HTTPHeaders()
    headers.add(name: "Content-Type", value: response.contentType)
    headers.add(name: "Content-Length", value: String(response.body.count))
    if !keepAlive { headers.add(name: "Connection", value: "close") }
    let head = HTTPResponseHead(
      version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
    context.write(wrapOutboundOut(.head(head)), promise: nil)
    context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
    let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
    let channel = context.channel
    if !keepAlive { done.whenComplete { _ in channel.close(promise: nil) } }
  }
}
