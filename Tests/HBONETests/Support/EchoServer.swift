import NIOCore
import NIOPosix

/// A TCP echo server that honours half-close: it echoes until the client shuts its side, then
/// shuts its own, so a tunnel's half-close handling is visible end to end.
struct EchoServer {
  let channel: any Channel
  var port: Int { channel.localAddress!.port! }

  static func start(group: any EventLoopGroup) async throws -> EchoServer {
    let channel = try await ServerBootstrap(group: group)
      .childChannelOption(.allowRemoteHalfClosure, value: true)
      .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(EchoHandler()) }
      }
      .bind(host: "127.0.0.1", port: 0).get()
    return EchoServer(channel: channel)
  }
}

final class EchoHandler: ChannelInboundHandler, Sendable {
  typealias InboundIn = ByteBuffer
  typealias OutboundOut = ByteBuffer

  func channelRead(context: ChannelHandlerContext, data: NIOAny) { context.write(data, promise: nil) }
  func channelReadComplete(context: ChannelHandlerContext) { context.flush() }
  func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
    if case ChannelEvent.inputClosed = event {
      // Close only after the echo is out: with input shut, NIO makes an output close a full
      // close that drops queued writes.
      let channel = context.channel
      context.writeAndFlush(NIOAny(ByteBuffer())).whenComplete { _ in channel.close(promise: nil) }
    }
  }
}
