import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

/// A small plain-HTTP server for the control plane's monitoring port (15014): GET only, answers
/// computed by a routing closure. Not for the mesh's traffic: it serves operators and probes.
public final class AdminHTTPServer: Service, Sendable {
  public typealias Route = @Sendable (_ path: String) async -> AdminResponse

  private let host: String
  private let port: Int
  private let route: Route
  private let logger: Logger

  public init(
    host: String, port: Int, logger: Logger = Logger(label: "mesh.controlplane.admin"), route: @escaping Route
  ) {
    self.host = host
    self.port = port
    self.route = route
    self.logger = logger
  }

  public func run() async throws {
    let route = self.route
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelInitializer { channel in
        channel.pipeline.configureHTTPServerPipeline().flatMap {
          channel.pipeline.addHandler(AdminRequestHandler(route: route))
        }
      }
      .bind(host: host, port: port).get()
    logger.info("admin listening", metadata: ["admin.address": "\(host):\(port)"])
    await withGracefulShutdownHandler {
      try? await channel.closeFuture.get()
    } onGracefulShutdown: {
      channel.close(promise: nil)
    }
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
      let path = String(head.uri.split(separator: "?", maxSplits: 1).first ?? "/")
      let keepAlive = head.isKeepAlive
      let isGet = head.method == .GET
      let promise = loop.makePromise(of: AdminResponse.self)
      promise.completeWithTask {
        isGet ? await route(path) : .text("only GET is served here\n", status: 405)
      }
      promise.futureResult.whenSuccess { response in
        let (handler, context) = bound.value
        handler.write(response, keepAlive: keepAlive, context: context)
      }
    }
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
