import Logging
import NIOCore
import Shared

/// Runs the SOCKS5 handshake on a connection to the 15080 listener, then hands the connection to
/// the outbound proxy as if it had been captured with that original destination. Names are
/// resolved from the mesh's service store (`name.ns.svc.cluster.local`), never from DNS, so a
/// workload without capture reaches services exactly as a captured one would.
final class Socks5Handler: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
  // @unchecked: used only on its channel's event loop.
  typealias InboundIn = ByteBuffer
  typealias OutboundOut = ByteBuffer

  private var parser = Socks5Parser()
  private var buffered: [UInt8] = []
  private let proxy: OutboundProxy
  private let resolve: @Sendable (String, IPAddress?) -> IPAddress?
  private let logger: Logger

  init(proxy: OutboundProxy, resolve: @escaping @Sendable (String, IPAddress?) -> IPAddress?, logger: Logger) {
    self.proxy = proxy
    self.resolve = resolve
    self.logger = logger
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    var buffer = unwrapInboundIn(data)
    buffered += buffer.readBytes(length: buffer.readableBytes) ?? []
    while true {
      let (step, consumed) = parser.parse(buffered)
      buffered.removeFirst(consumed)
      switch step {
      case .needMore:
        return
      case .reply(let bytes):
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: bytes)), promise: nil)
      case .fail(let reply, let reason):
        refuse(context: context, reply: reply, reason: reason)
        return
      case .connect(let destination):
        connect(context: context, destination: destination)
        return
      }
    }
  }

  private func connect(context: ChannelHandlerContext, destination: Socks5Destination) {
    guard buffered.isEmpty else {
      refuse(
        context: context, reply: Socks5Parser.reply(.generalFailure),
        reason: "client sent data before the CONNECT reply; SOCKS5 clients must wait for it")
      return
    }
    let ip: IPAddress
    switch destination.host {
    case .ip(let address): ip = address
    case .name(let name):
      let source = context.channel.remoteAddress?.ipAddress.flatMap { try? IPAddress($0) }
      guard let resolved = resolve(name, source) else {
        refuse(
          context: context, reply: Socks5Parser.reply(.hostUnreachable),
          reason: "\(name) is not a service of the mesh (only mesh hostnames resolve here)")
        return
      }
      ip = resolved
    }
    guard let peer = context.channel.remoteAddress?.ipAddress, let sourceIP = try? IPAddress(peer) else {
      refuse(context: context, reply: Socks5Parser.reply(.generalFailure), reason: "client address unknown")
      return
    }
    let channel = context.channel
    let proxy = self.proxy
    let target = HostPort(host: ip.description, port: Int(destination.port))
    // From here the connection is an ordinary outbound one; the reply waits for the upstream
    // (RFC 1928 §6), so the client sends nothing until the splice is there to carry it.
    do {
      try channel.syncOptions?.setOption(ChannelOptions.autoRead, value: false)
      context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    } catch {
      channel.close(promise: nil)
      return
    }
    proxy.forward(channel, from: sourceIP, to: target) { connected in
      let reply = Socks5Parser.reply(connected ? .succeeded : .hostUnreachable)
      channel.writeAndFlush(ByteBuffer(bytes: reply), promise: nil)
    }
  }

  private func refuse(context: ChannelHandlerContext, reply: [UInt8]?, reason: String) {
    logger.info("SOCKS5 request refused", metadata: ["ztunnel.reason": "\(reason)"])
    let channel = context.channel
    if let reply {
      context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: reply))).whenComplete { _ in channel.close(promise: nil) }
    } else {
      channel.close(promise: nil)
    }
  }
}
