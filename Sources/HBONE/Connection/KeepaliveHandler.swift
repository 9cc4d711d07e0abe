import NIOCore
import NIOHTTP2

/// Sends an HTTP/2 PING every `interval` and closes the connection when nothing came back within
/// `timeout` (wire-facts §5: PING every 10 s, 20 s timeout). A silently dead peer (node gone,
/// cable pulled) is noticed in seconds instead of when TCP gives up: the client drops pooled
/// connections to it, the server frees the tunnels' upstream sockets. NIO answers the peer's
/// PINGs by itself; this handler only originates them.
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
    self.interval = TimeAmount(interval)
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

  /// Only connection-level frames reach this handler (the multiplexer keeps stream frames), and
  /// PING ACKs are among them: any of them proves the peer alive.
  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    lastHeard = .now
    context.fireChannelRead(data)
  }

  private func tick(context: ChannelHandlerContext) {
    if ContinuousClock.now - lastHeard > timeout {
      context.fireErrorCaught(
        HBONEError(.protocolError, "HBONE peer \(peerDescription(context)) answered no PING for \(timeout)"))
      context.close(promise: nil)
      return
    }
    let ping = HTTP2Frame(streamID: .rootStream, payload: .ping(HTTP2PingData(withInteger: 0), ack: false))
    context.writeAndFlush(wrapOutboundOut(ping), promise: nil)
  }

  private func peerDescription(_ context: ChannelHandlerContext) -> String {
    context.channel.remoteAddress?.description ?? "?"
  }
}
