import NIOCore
import NIOHTTP2

/// Reports a GOAWAY from the peer (draining ztunnel, server restart): the pooled connection must
/// stop taking new tunnels at once, while the tunnels it carries finish normally.
final class GoAwayWatcher: ChannelInboundHandler, @unchecked Sendable {
  // @unchecked: used on its channel's event loop only.
  typealias InboundIn = HTTP2Frame
  typealias InboundOut = HTTP2Frame

  private let onGoAway: (HTTP2ErrorCode) -> Void
  private var seen = false

  init(onGoAway: @escaping (HTTP2ErrorCode) -> Void) { self.onGoAway = onGoAway }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    if !seen, case .goAway(_, let code, _) = unwrapInboundIn(data).payload {
      seen = true
      onGoAway(code)
    }
    context.fireChannelRead(data)
  }
}
