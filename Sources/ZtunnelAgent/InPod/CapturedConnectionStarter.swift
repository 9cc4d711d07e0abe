import NIOCore
import Shared

/// Hands a redirected connection to the proxy once its channel is active. The child initializer
/// runs before the accepted channel is registered; a splice set up on a channel that is not active
/// yet takes it for closed and resets the client (about one passthrough connection in ten on the
/// dev cluster, where the upstream connect can finish first).
final class CapturedConnectionStarter: ChannelInboundHandler, RemovableChannelHandler, Sendable {
  typealias InboundIn = ByteBuffer

  private let handle: @Sendable (any Channel, HostPort) -> Void

  init(handle: @escaping @Sendable (any Channel, HostPort) -> Void) {
    self.handle = handle
  }

  func channelActive(context: ChannelHandlerContext) {
    let channel = context.channel
    let handle = self.handle
    context.fireChannelActive()
    context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    OriginalDestination.get(channel: channel).whenComplete { result in
      guard case .success(let address) = result, let ip = address.ipAddress, let port = address.port else {
        channel.close(promise: nil)
        return
      }
      handle(channel, HostPort(host: ip, port: port))
    }
  }
}
