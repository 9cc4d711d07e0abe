import NIOCore
import NIOHTTP2

/// Opens the connection-level receive window to its target (16 MiB, wire-facts §5) with one
/// WINDOW_UPDATE on stream 0 right after the preface, as ztunnel and Envoy do. HTTP/2 starts every
/// connection at 64 KiB and SETTINGS cannot change that; without this, NIO would only grow the
/// window after the first 32 KiB arrived, throttling the first round trip of every connection.
final class ConnectionWindowOpener: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
  // @unchecked: used on its channel's event loop only.
  typealias InboundIn = HTTP2Frame
  typealias OutboundOut = HTTP2Frame

  /// The window every HTTP/2 connection starts with (RFC 9113 §6.9.2).
  static let initialWindow = 65_535

  private let target: Int
  private var sent = false

  init(target: Int) { self.target = target }

  func handlerAdded(context: ChannelHandlerContext) {
    if context.channel.isActive { open(context: context) }
  }

  func channelActive(context: ChannelHandlerContext) {
    context.fireChannelActive()
    open(context: context)
  }

  /// Sent once; then the handler leaves the pipeline (nothing else to do per frame).
  private func open(context: ChannelHandlerContext) {
    guard !sent else { return }
    sent = true
    let increment = target - Self.initialWindow
    if increment > 0 {
      let update = HTTP2Frame(streamID: .rootStream, payload: .windowUpdate(windowSizeIncrement: increment))
      context.writeAndFlush(wrapOutboundOut(update), promise: nil)
    }
    context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
  }
}
