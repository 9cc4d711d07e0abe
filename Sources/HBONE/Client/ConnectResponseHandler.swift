import NIOCore
import NIOHPACK
import NIOHTTP2

/// Waits for the server's answer to our CONNECT: 200 opens the tunnel, anything else fails it.
/// After the 200 it holds whatever the server sends until the splice takes over (server-first
/// protocols speak as soon as the tunnel is up).
final class ConnectResponseHandler: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
  // @unchecked: used on its channel's event loop only.
  typealias InboundIn = HTTP2Frame.FramePayload

  private let answered: EventLoopPromise<Void>
  private var done = false
  private var open = false
  private(set) var leftover = ByteBuffer()
  private(set) var leftoverEnded = false

  init(answered: EventLoopPromise<Void>) { self.answered = answered }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    if open {
      if case .data(let data) = unwrapInboundIn(data) {
        if case .byteBuffer(var buffer) = data.data { leftover.writeBuffer(&buffer) }
        leftoverEnded = leftoverEnded || data.endStream
      }
      return
    }
    guard !done else { return }
    switch unwrapInboundIn(data) {
    case .headers(let headers):
      done = true
      let status = headers.headers.first(name: ":status").flatMap(Int.init) ?? 0
      if status == 200 {
        open = true
        answered.succeed(())
      } else {
        answered.fail(HBONEError(.rejected(status: status), "peer refused the tunnel with HTTP \(status)"))
        context.close(promise: nil)
      }
    case .rstStream(let code):
      done = true
      answered.fail(HBONEError(.protocolError, "peer reset the CONNECT stream (\(code))"))
    default:
      break
    }
  }

  func channelInactive(context: ChannelHandlerContext) {
    if !done {
      done = true
      answered.fail(HBONEError(.protocolError, "CONNECT stream closed before an answer"))
    }
    context.fireChannelInactive()
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    if !done {
      done = true
      answered.fail(HBONEError(.protocolError, "CONNECT stream failed: \(error)"))
    }
    context.close(promise: nil)
  }
}
