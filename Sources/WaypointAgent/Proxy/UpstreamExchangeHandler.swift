import NIOCore
import NIOHTTP1

/// Sends one request on an upstream byte channel (an HBONE tunnel or a TCP connection, new or
/// pooled) and collects the response. After a complete keep-alive response it removes itself,
/// leaving the channel ready for the next exchange; otherwise it closes the channel. A channel
/// that ends before the response is complete fails the exchange as `.reset`.
final class UpstreamExchangeHandler: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
  // @unchecked: used on its channel's event loop only.
  typealias InboundIn = HTTPClientResponsePart
  typealias OutboundOut = HTTPClientRequestPart

  /// Largest response body accepted from a backend; more fails the attempt (502 downstream).
  static let maxBodyBytes = 16 << 20

  /// The response, and whether the channel may carry another exchange.
  struct Answer: Sendable {
    var head: HTTPResponseHead
    var body: ByteBuffer
    var reusable: Bool
  }

  private let request: UpstreamRequest
  private let promise: EventLoopPromise<UpstreamExchangeHandler.Answer>
  private var head: HTTPResponseHead?
  private var body = ByteBuffer()
  private var done = false

  init(request: UpstreamRequest, promise: EventLoopPromise<UpstreamExchangeHandler.Answer>) {
    self.request = request
    self.promise = promise
  }

  func handlerAdded(context: ChannelHandlerContext) {
    context.write(wrapOutboundOut(.head(request.head)), promise: nil)
    if request.body.readableBytes > 0 {
      context.write(wrapOutboundOut(.body(.byteBuffer(request.body))), promise: nil)
    }
    context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    guard !done else { return }
    switch unwrapInboundIn(data) {
    case .head(let responseHead):
      // 1xx answers are interim: the real head follows.
      if responseHead.status.code >= 100, responseHead.status.code < 200 { return }
      head = responseHead
    case .body(var chunk):
      body.writeBuffer(&chunk)
      if body.readableBytes > Self.maxBodyBytes { finish(.failure(UpstreamFailure.responseTooLarge), context) }
    case .end:
      guard let head else { return }
      finish(.success(Answer(head: head, body: body, reusable: head.isKeepAlive)), context)
    }
  }

  func channelInactive(context: ChannelHandlerContext) {
    finish(.failure(UpstreamFailure.reset), context)
    context.fireChannelInactive()
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    finish(.failure(UpstreamFailure.reset), context)
  }

  private func finish(_ result: Result<Answer, UpstreamFailure>, _ context: ChannelHandlerContext) {
    guard !done else { return }
    done = true
    if case .success(let answer) = result, answer.reusable, context.channel.isActive {
      context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    } else {
      context.close(promise: nil)
    }
    promise.completeWith(result.mapError { $0 as any Error })
  }
}
