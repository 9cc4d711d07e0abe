import NIOCore
import NIOHTTP2

/// The TCP side of a splice.
final class TCPSpliceHandler: ChannelDuplexHandler, RemovableChannelHandler, @unchecked Sendable {
  // @unchecked: used on its channel's event loop only.
  typealias InboundIn = ByteBuffer
  typealias OutboundIn = ByteBuffer
  typealias OutboundOut = ByteBuffer

  let session: SpliceSession
  let side: SpliceSession.Side

  init(session: SpliceSession, side: SpliceSession.Side) {
    self.session = session
    self.side = side
  }

  func handlerAdded(context: ChannelHandlerContext) {
    session.attach(side, context: context)
    if !context.channel.isActive { session.inactive(side) }
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    session.received(unwrapInboundIn(data), from: side)
  }

  func channelReadComplete(context: ChannelHandlerContext) { session.readComplete(from: side) }

  func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
    if case ChannelEvent.inputClosed = event {
      session.endOfInput(from: side)
    } else {
      context.fireUserInboundEventTriggered(event)
    }
  }

  func channelInactive(context: ChannelHandlerContext) { session.inactive(side) }

  func errorCaught(context: ChannelHandlerContext, error: any Error) { session.failed(side, error) }

  func channelWritabilityChanged(context: ChannelHandlerContext) { session.writabilityChanged(side) }

  func read(context: ChannelHandlerContext) { session.read(side, context: context) }
}

/// The HTTP/2 stream side of a splice (the CONNECT tunnel).
final class StreamSpliceHandler: ChannelDuplexHandler, RemovableChannelHandler, @unchecked Sendable {
  // @unchecked: used on its channel's event loop only.
  typealias InboundIn = HTTP2Frame.FramePayload
  typealias OutboundIn = HTTP2Frame.FramePayload
  typealias OutboundOut = HTTP2Frame.FramePayload

  let session: SpliceSession
  let side: SpliceSession.Side

  init(session: SpliceSession, side: SpliceSession.Side) {
    self.session = session
    self.side = side
  }

  func handlerAdded(context: ChannelHandlerContext) {
    session.attach(side, context: context)
    if !context.channel.isActive { session.inactive(side) }
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch unwrapInboundIn(data) {
    case .data(let data):
      if case .byteBuffer(let buffer) = data.data, buffer.readableBytes > 0 {
        session.received(buffer, from: side)
      }
      if data.endStream { session.endOfInput(from: side) }
    case .headers(let headers):
      // Trailers end the stream; nothing in them matters to a byte tunnel.
      if headers.endStream { session.endOfInput(from: side) }
    case .rstStream(let code):
      session.failed(side, HBONEError(.protocolError, "tunnel stream reset by the peer (\(code))"))
    default:
      break
    }
  }

  func channelReadComplete(context: ChannelHandlerContext) { session.readComplete(from: side) }

  func channelInactive(context: ChannelHandlerContext) { session.inactive(side) }

  func errorCaught(context: ChannelHandlerContext, error: any Error) { session.failed(side, error) }

  func channelWritabilityChanged(context: ChannelHandlerContext) { session.writabilityChanged(side) }

  func read(context: ChannelHandlerContext) { session.read(side, context: context) }
}
