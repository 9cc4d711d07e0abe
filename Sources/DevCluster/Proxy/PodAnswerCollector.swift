import NIOCore
import NIOHTTP1

/// The last handler of a connection to a pod: buffers the pod's answer (up to `limit` bytes of
/// body) and completes the exchange's promise with it, or with why there is none.
final class PodAnswerCollector: ChannelInboundHandler {
  typealias InboundIn = HTTPClientResponsePart

  private let promise: EventLoopPromise<PodHTTPExchange.Answer>
  private let limit: Int
  private var head: HTTPResponseHead?
  private var body = ByteBuffer()

  init(promise: EventLoopPromise<PodHTTPExchange.Answer>, limit: Int) {
    self.promise = promise
    self.limit = limit
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch unwrapInboundIn(data) {
    case .head(let head):
      // 100 Continue and 103 Early Hints precede the answer; the caller gets only the answer.
      if head.status.code < 200 { return }
      self.head = head
    case .body(var chunk):
      guard head != nil else { return }
      if body.readableBytes + chunk.readableBytes > limit {
        promise.fail(PodProxyFailure.tooLarge(limit: limit))
        context.close(promise: nil)
        return
      }
      body.writeBuffer(&chunk)
    case .end:
      guard let head else { return }
      promise.succeed(PodHTTPExchange.Answer(head: head, body: body))
      context.close(promise: nil)
    }
  }

  func channelInactive(context: ChannelHandlerContext) {
    // A no-op when the answer was complete: a promise completes once.
    promise.fail(PodProxyFailure.closedEarly)
    context.fireChannelInactive()
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    promise.fail(PodProxyFailure.exchange(error))
    context.close(promise: nil)
  }
}
