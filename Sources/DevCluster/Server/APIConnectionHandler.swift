import Kube
import Logging
import NIOCore
import NIOHTTP1

/// One client connection: collects each HTTP/1.1 request (bodies up to 3 MiB), has the
/// `APIService` answer it, and writes the answer: a complete body, or a chunked watch stream
/// that stays open until the client goes, `timeoutSeconds` passes, or the server ends it.
final class APIConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = HTTPServerRequestPart
  typealias OutboundOut = HTTPServerResponsePart

  private enum State {
    case idle
    case receiving(HTTPRequestHead, ByteBuffer)
    /// The body passed the limit: read and drop the rest, then answer 413 and close.
    case discarding(HTTPRequestHead)
    case watching(stream: UInt64, id: UInt64?, keepAlive: Bool, timeout: Scheduled<Void>?)
    case closed
  }

  private let service: APIService
  private let logger: Logger
  private var state = State.idle
  private var context: ChannelHandlerContext?
  private var nextStream: UInt64 = 1
  private var flushPending = false
  /// How the open watch renders events other than as the shared line (tables, other versions).
  private var render: (@Sendable (WatchMessage) -> ByteBuffer)?

  init(service: APIService, logger: Logger) {
    self.service = service
    self.logger = logger
  }

  func handlerAdded(context: ChannelHandlerContext) { self.context = context }

  func handlerRemoved(context: ChannelHandlerContext) {
    endWatchRegistration()
    state = .closed
    self.context = nil
  }

  func channelInactive(context: ChannelHandlerContext) {
    endWatchRegistration()
    state = .closed
    context.fireChannelInactive()
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    logger.debug("connection error", metadata: ["devcluster.error": "\(error)"])
    context.close(promise: nil)
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch unwrapInboundIn(data) {
    case .head(let head):
      if let length = head.headers.first(name: "content-length").flatMap(Int.init), length > APIService.maxBodyBytes {
        state = .discarding(head)
      } else {
        state = .receiving(head, context.channel.allocator.buffer(capacity: 0))
      }
    case .body(var chunk):
      guard case .receiving(let head, var body) = state else { return }
      if body.readableBytes + chunk.readableBytes > APIService.maxBodyBytes {
        state = .discarding(head)
      } else {
        state = .idle  // drop the reference so the append does not copy
        body.writeBuffer(&chunk)
        state = .receiving(head, body)
      }
    case .end:
      switch state {
      case .receiving(let head, let body):
        state = .idle
        handle(head, body: body, context: context)
      case .discarding(let head):
        state = .idle
        let error = KubeAPIError(
          .requestEntityTooLarge,
          "the request body is larger than the limit of \(APIService.maxBodyBytes) bytes")
        write(.error(error), head: head, keepAlive: false, context: context)
      default:
        break
      }
    }
  }

  private func handle(_ head: HTTPRequestHead, body: ByteBuffer, context: ChannelHandlerContext) {
    var headers: [String: String] = [:]
    for (name, value) in head.headers { headers[name.lowercased()] = value }
    let request = APIRequest(
      method: head.method.rawValue, uri: head.uri, headers: headers, body: Array(body.readableBytesView))
    let response = service.handle(request)
    if service.logger.logLevel <= .debug {
      service.logger.debug(
        "request",
        metadata: [
          "devcluster.method": "\(head.method.rawValue)", "devcluster.uri": "\(head.uri)",
          "devcluster.status": "\(response.status)",
        ])
    }
    write(response, head: head, keepAlive: head.isKeepAlive, context: context)
  }

  private func write(_ response: APIResponse, head: HTTPRequestHead, keepAlive: Bool, context: ChannelHandlerContext) {
    switch response {
    case .body(let status, let contentType, let bytes):
      var headers = HTTPHeaders()
      headers.add(name: "Content-Type", value: contentType)
      headers.add(name: "Content-Length", value: String(bytes.count))
      headers.add(name: "Cache-Control", value: "no-cache, private")
      if !keepAlive { headers.add(name: "Connection", value: "close") }
      context.write(
        wrapOutboundOut(
          .head(HTTPResponseHead(version: head.version, status: .init(statusCode: status), headers: headers))),
        promise: nil)
      if head.method != .HEAD {
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: bytes)))), promise: nil)
      }
      let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
      if !keepAlive {
        let channel = context.channel
        done.whenComplete { _ in channel.close(promise: nil) }
      }
    case .watch(let plan):
      startWatch(plan, head: head, keepAlive: keepAlive, context: context)
    case .podStream(let plan):
      // exec replaces this handler (WebSocket upgrade); log streams through the channel.
      PodStreamServer.start(plan, head: head, keepAlive: keepAlive, context: context, logger: logger)
    case .podProxy(let plan):
      PodProxyResponse.start(plan, head: head, keepAlive: keepAlive, channel: context.channel, logger: logger)
    }
  }

  private func startWatch(_ plan: WatchPlan, head: HTTPRequestHead, keepAlive: Bool, context: ChannelHandlerContext) {
    var headers = HTTPHeaders()
    headers.add(name: "Content-Type", value: plan.contentType)
    headers.add(name: "Transfer-Encoding", value: "chunked")
    headers.add(name: "Cache-Control", value: "no-cache, private")
    context.writeAndFlush(
      wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers))), promise: nil)
    let stream = nextStream
    nextStream += 1
    render = plan.render
    var timeout: Scheduled<Void>?
    if let limit = plan.timeout {
      let loop = context.eventLoop
      let handler = NIOLoopBound(self, eventLoop: loop)
      timeout = loop.scheduleTask(in: .nanoseconds(Int64(limit.components.seconds) * 1_000_000_000)) {
        handler.value.finishWatch(stream: stream)
      }
    }
    state = .watching(stream: stream, id: nil, keepAlive: keepAlive, timeout: timeout)
    let connection = WatchConnection(eventLoop: context.eventLoop, handler: self, stream: stream)
    let id = service.cluster.startWatch(
      filter: plan.filter, type: plan.type, start: plan.start, bookmarks: plan.bookmarks, connection: connection)
    if case .watching(stream, _, let keepAlive, let timeout) = state {
      state = .watching(stream: stream, id: id, keepAlive: keepAlive, timeout: timeout)
    } else if let id {
      service.cluster.stopWatch(id: id)
    }
  }

  func deliver(_ message: WatchMessage, stream: UInt64) {
    guard case .watching(stream, _, _, _) = state, let context else { return }
    let bytes = render?(message) ?? message.line
    context.write(wrapOutboundOut(.body(.byteBuffer(bytes))), promise: nil)
    // One flush per burst: events sent together (a watch's initial ADDED events) go out together.
    if !flushPending {
      flushPending = true
      let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
      context.eventLoop.execute { handler.value.flushPendingEvents() }
    }
  }

  private func flushPendingEvents() {
    flushPending = false
    context?.flush()
  }

  func finishWatch(stream: UInt64) {
    guard case .watching(stream, _, let keepAlive, _) = state, let context else { return }
    endWatchRegistration()
    state = .idle
    render = nil
    let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
    if !keepAlive {
      let channel = context.channel
      done.whenComplete { _ in channel.close(promise: nil) }
    }
  }

  func closeConnection() {
    endWatchRegistration()
    state = .closed
    context?.close(promise: nil)
  }

  private func endWatchRegistration() {
    guard case .watching(_, let id, _, let timeout) = state else { return }
    timeout?.cancel()
    if let id { service.cluster.stopWatch(id: id) }
  }
}
