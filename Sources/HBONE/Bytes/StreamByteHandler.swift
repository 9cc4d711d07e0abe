import NIOCore
import NIOHTTP2

/// Turns a CONNECT tunnel's HTTP/2 stream into a plain byte channel for the handlers above it
/// (the waypoint's HTTP/1.1 codec): DATA frames in → `ByteBuffer`s, `END_STREAM` in → the
/// `ChannelEvent.inputClosed` half-close a TCP channel with `allowRemoteHalfClosure` reports;
/// bytes out → DATA frames, `close(mode: .output)` → an empty DATA frame with `END_STREAM`.
/// Trailers and other frames carry nothing for the tunnel and are dropped.
final class StreamByteHandler: ChannelDuplexHandler, RemovableChannelHandler, @unchecked Sendable {
  // @unchecked: used on its channel's event loop only.
  typealias InboundIn = HTTP2Frame.FramePayload
  typealias InboundOut = ByteBuffer
  typealias OutboundIn = ByteBuffer
  typealias OutboundOut = HTTP2Frame.FramePayload

  private var inputClosed = false
  private var outputClosed = false

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch unwrapInboundIn(data) {
    case .data(let frame):
      if case .byteBuffer(let buffer) = frame.data, buffer.readableBytes > 0 {
        context.fireChannelRead(wrapInboundOut(buffer))
      }
      if frame.endStream { closeInput(context: context) }
    case .headers(let headers):
      if headers.endStream { closeInput(context: context) }
    case .rstStream:
      context.close(promise: nil)
    default:
      break
    }
  }

  /// Delivers bytes that arrived before this handler was installed (the CONNECT answer and the
  /// first request may share a read), then their end if the peer already half-closed.
  func deliver(leftover: ByteBuffer, ended: Bool, context: ChannelHandlerContext) {
    if leftover.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(leftover)) }
    context.fireChannelReadComplete()
    if ended { closeInput(context: context) }
  }

  private func closeInput(context: ChannelHandlerContext) {
    guard !inputClosed else { return }
    inputClosed = true
    context.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
  }

  func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
    let buffer = unwrapOutboundIn(data)
    context.write(wrapOutboundOut(.data(.init(data: .byteBuffer(buffer)))), promise: promise)
  }

  func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
    guard mode == .output else {
      context.close(mode: mode, promise: promise)
      return
    }
    guard !outputClosed else {
      promise?.succeed(())
      return
    }
    outputClosed = true
    let end = HTTP2Frame.FramePayload.data(.init(data: .byteBuffer(ByteBuffer()), endStream: true))
    context.writeAndFlush(wrapOutboundOut(end), promise: promise)
  }
}
