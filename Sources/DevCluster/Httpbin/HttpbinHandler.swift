import NIOCore
import NIOHTTP1

/// One connection of the httpbin server: gathers a request, asks `HttpbinRoutes`, writes the
/// answer after its delay. Keep-alive follows the request (HTTP/1.1 default on, `Connection:
/// close` honoured); NIO's pipelining helper keeps one request in flight per connection.
final class HttpbinHandler: ChannelInboundHandler {
  typealias InboundIn = HTTPServerRequestPart
  typealias OutboundOut = HTTPServerResponsePart

  /// Bodies above this are refused: httpbin echoes bodies back, so a bound keeps memory bounded.
  static let maximumBodyBytes = 1 << 20

  private var head: HTTPRequestHead?
  private var body: [UInt8] = []
  private var tooLarge = false

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch unwrapInboundIn(data) {
    case .head(let head):
      self.head = head
      body = []
      tooLarge = false
    case .body(var buffer):
      if body.count + buffer.readableBytes > Self.maximumBodyBytes {
        tooLarge = true
      } else if let bytes = buffer.readBytes(length: buffer.readableBytes) {
        body += bytes
      }
    case .end:
      guard let head else { return }
      self.head = nil
      let response: HttpbinResponse
      if tooLarge {
        response = .text("Request body larger than \(Self.maximumBodyBytes) bytes", status: 413)
      } else {
        let request = HttpbinRequest(
          method: head.method.rawValue, target: head.uri,
          headers: head.headers.map { (name: $0.name, value: $0.value) },
          peerAddress: context.channel.remoteAddress?.ipAddress ?? "", body: body)
        response = HttpbinRoutes.respond(to: request)
      }
      let keepAlive = head.isKeepAlive && !tooLarge
      let version = head.version
      if response.delay > .zero {
        let nanoseconds = response.delay.components.seconds * 1_000_000_000 + response.delay.components.attoseconds / 1_000_000_000
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(in: .nanoseconds(nanoseconds)) {
          let (handler, context) = loopBound.value
          handler.write(response, version: version, keepAlive: keepAlive, context: context)
        }
      } else {
        write(response, version: version, keepAlive: keepAlive, context: context)
      }
    }
  }

  private func write(_ response: HttpbinResponse, version: HTTPVersion, keepAlive: Bool, context: ChannelHandlerContext) {
    guard context.channel.isActive else { return }
    var headers = HTTPHeaders()
    headers.add(name: "Server", value: "meshctl-httpbin")
    for (name, value) in response.headers.sorted(by: { $0.key < $1.key }) { headers.add(name: name, value: value) }
    headers.add(name: "Content-Length", value: String(response.body.count))
    if !keepAlive { headers.add(name: "Connection", value: "close") }
    let status = HTTPResponseStatus(statusCode: response.status)
    context.write(wrapOutboundOut(.head(HTTPResponseHead(version: version, status: status, headers: headers))), promise: nil)
    if !response.body.isEmpty {
      context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: response.body)))), promise: nil)
    }
    let done = context.writeAndFlushPromise(wrapOutboundOut(.end(nil)))
    if !keepAlive {
      let channel = context.channel
      done.whenComplete { _ in channel.close(promise: nil) }
    }
  }
}

extension ChannelHandlerContext {
  fileprivate func writeAndFlushPromise(_ data: NIOAny) -> EventLoopFuture<Void> {
    let promise = eventLoop.makePromise(of: Void.self)
    writeAndFlush(data, promise: promise)
    return promise.futureResult
  }
}
