import NIOCore
import NIOHTTP2

/// Sends an HTTP/2 PING every `interval` and closes the connection when no PING (or anything)
/// came back within `timeout`: a silently dead peer (node gone) is noticed in seconds instead of
/// when TCP gives up, and pooled connections to it are dropped.
final class KeepaliveHandler: ChannelDuplexHandler, @unchecked Sendable {
  // @unchecked: used on its channel's event loop only.
  typealias InboundIn = HTTP2Frame
  typealias InboundOut = HTTP2Frame
  typealias OutboundIn = HTTP2Frame
  typealias OutboundOut = HTTP2Frame

  private let interval: TimeAmount
  private let timeout: Duration
  private var lastHeard = ContinuousClock.now
  private var task: RepeatedTask?

  init(interval: Duration, timeout: Duration) {
    self.interval = .nanoseconds(
      Int64(interval.components.seconds) * 1_000_000_000 + interval.components.attoseconds / 1_000_000_000)
    self.timeout = timeout
  }

  func handlerAdded(context: ChannelHandlerContext) {
    let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
    task = context.eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
      let (handler, context) = bound.value
      handler.tick(context: context)
    }
  }

  func handlerRemoved(context: ChannelHandlerContext) { task?.cancel() }

  func channelInactive(context: ChannelHandlerContext) {
    task?.cancel()
    context.fireChannelInactive()
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    lastHeard = .now
    context.fireChannelRead(data)
  }

  private func tick(context: ChannelHandlerContext) {
    if ContinuousClock.now - lastHeard > timeout {
      context.close(promise: nil)
      return
    }
    let ping = HTTP2Frame(streamID: .rootStream, payload: .ping(HTTP2PingData(withInteger: 0), ack: false))
    context.writeAndFlush(wrapOutboundOut(ping), promise: nil)
  }
}
