import NIOCore
import NIOPosix
import Synchronization
import ZtunnelAgent

/// Answers each line "x" with "<name>:x", so a test can tell which server a connection reached.
final class NamedEchoHandler: ChannelInboundHandler {
  typealias InboundIn = ByteBuffer
  typealias OutboundOut = ByteBuffer
  private let name: String
  private var pending = ""

  init(name: String) { self.name = name }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    var buffer = unwrapInboundIn(data)
    pending += buffer.readString(length: buffer.readableBytes) ?? ""
    while let newline = pending.firstIndex(of: "\n") {
      let line = String(pending[..<newline])
      pending = String(pending[pending.index(after: newline)...])
      context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "\(name):\(line)\n")), promise: nil)
    }
  }

  static func bootstrap(name: String) -> ServerBootstrap {
    ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
      .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          try channel.pipeline.syncOperations.addHandler(NamedEchoHandler(name: name))
        }
      }
  }
}

/// Copies everything read on one channel to its partner and closes the partner on close.
final class SpliceHandler: ChannelInboundHandler {
  typealias InboundIn = ByteBuffer
  private let partner: any Channel

  init(partner: any Channel) { self.partner = partner }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    partner.writeAndFlush(unwrapInboundIn(data), promise: nil)
  }

  func channelInactive(context: ChannelHandlerContext) {
    partner.close(promise: nil)
    context.fireChannelInactive()
  }
}

/// A minimal stand-in for ztunnel's capture listeners: for each accepted connection it reads
/// the original destination, records it, connects there from inside the pod namespace (with
/// ztunnel's mark) and splices the two connections.
final class CaptureTestProxy: Sendable {
  let executor: NetnsExecutor
  let namespace: NetworkNamespace
  private let seen = Mutex<[String]>([])

  init(executor: NetnsExecutor, namespace: NetworkNamespace) {
    self.executor = executor
    self.namespace = namespace
  }

  /// Original destinations of the connections this proxy accepted ("ip:port"), in order.
  var destinations: [String] { seen.withLock { $0 } }

  func bootstrap() -> ServerBootstrap {
    ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
      .childChannelOption(ChannelOptions.autoRead, value: false)
      .childChannelInitializer { [self] child in
        child.eventLoop.makeSucceededVoidFuture().map { self.accepted(child) }
      }
  }

  private func accepted(_ child: any Channel) {
    OriginalDestination.get(channel: child).whenComplete { [self] result in
      guard case .success(let destination) = result, let ip = destination.ipAddress, let port = destination.port
      else {
        child.close(promise: nil)
        return
      }
      seen.withLock { $0.append("\(ip):\(port)") }
      Task { await self.forward(child, to: destination) }
    }
  }

  private func forward(_ child: any Channel, to destination: SocketAddress) async {
    let upstreamBootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .ztunnelMarked()
      .channelInitializer { upstream in
        upstream.eventLoop.makeCompletedFuture {
          try upstream.pipeline.syncOperations.addHandler(SpliceHandler(partner: child))
        }
      }
    do {
      let upstream = try await executor.connect(upstreamBootstrap, to: destination, in: namespace)
      try await child.eventLoop.submit {
        try child.pipeline.syncOperations.addHandler(SpliceHandler(partner: upstream))
      }.get()
      try await child.setOption(ChannelOptions.autoRead, value: true).get()
    } catch {
      try? await child.close()
    }
  }
}
