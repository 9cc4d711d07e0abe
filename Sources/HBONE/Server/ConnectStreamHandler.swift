import Logging
import NIOCore
import NIOHPACK
import NIOHTTP2
import Shared

/// Serves one inbound HTTP/2 stream: checks it is a CONNECT with an `IP:port` authority, asks the
/// delegate, then answers 200 and splices, or answers the refusal status and ends the stream.
/// Data the client sends before the answer is held (bounded) and delivered after the splice.
final class ConnectStreamHandler: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
  // @unchecked: used on its channel's event loop only.
  typealias InboundIn = HTTP2Frame.FramePayload
  typealias OutboundOut = HTTP2Frame.FramePayload

  /// What a client may send before the CONNECT is answered; more is a protocol abuse.
  static let maxEarlyData = 1 << 20

  private enum State { case waitingHeaders, deciding, done }

  private let server: HBONEServer
  private let connection: HandshakeCheck
  private var state = State.waitingHeaders
  private var early = ByteBuffer()
  private var earlyEnd = false

  init(server: HBONEServer, connection: HandshakeCheck) {
    self.server = server
    self.connection = connection
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch (state, unwrapInboundIn(data)) {
    case (.waitingHeaders, .headers(let headers)):
      start(context: context, headers: headers.headers)
    case (.deciding, .data(let data)):
      if case .byteBuffer(var buffer) = data.data { early.writeBuffer(&buffer) }
      earlyEnd = earlyEnd || data.endStream
      if early.readableBytes > Self.maxEarlyData {
        state = .done
        context.close(promise: nil)
      }
    case (_, .rstStream):
      state = .done
      context.close(promise: nil)
    default:
      break
    }
  }

  private func start(context: ChannelHandlerContext, headers: HPACKHeaders) {
    guard headers.first(name: ":method") == "CONNECT" else {
      respond(context: context, status: 400)
      return
    }
    guard let authority = headers.first(name: ":authority"), !authority.isEmpty else {
      respond(context: context, status: 400)
      return
    }
    guard let peerIdentity = connection.peerIdentity, let peer = context.channel.parent?.remoteAddress,
      let local = context.channel.parent?.localAddress
    else {
      respond(context: context, status: 400)
      return
    }
    var plain: [(name: String, value: String)] = []
    for (name, value, _) in headers where !name.hasPrefix(":") { plain.append((name, value)) }
    let request = HBONEConnectRequest(
      authority: authority, target: HBONEConnectRequest.parse(authority: authority), headers: plain,
      peerIdentity: peerIdentity, peerAddress: peer, localAddress: local, eventLoop: context.eventLoop)
    guard request.target != nil else {
      respond(context: context, status: 400)
      return
    }
    state = .deciding
    let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
    server.delegate.decide(request).hop(to: context.eventLoop).whenComplete { result in
      let (handler, context) = bound.value
      switch result {
      case .success(.connect(let upstream)):
        handler.log(request, "HBONE tunnel accepted", status: 200)
        handler.splice(context: context, request: request, upstream: upstream)
      case .success(.serve(let configure)):
        handler.log(request, "HBONE tunnel served in process", status: 200)
        handler.serve(context: context, request: request, configure: configure)
      case .success(.reject(let status, let reason)):
        handler.log(request, "HBONE tunnel refused: \(reason)", status: status)
        handler.respond(context: context, status: status)
      case .failure(let error):
        handler.log(request, "HBONE tunnel failed: \(error)", status: 503)
        handler.respond(context: context, status: 503)
      }
    }
  }

  private func splice(context: ChannelHandlerContext, request: HBONEConnectRequest, upstream: any Channel) {
    guard state == .deciding, context.channel.isActive else {
      upstream.close(promise: nil)
      return
    }
    state = .done
    let ok = HTTP2Frame.FramePayload.headers(.init(headers: HPACKHeaders([(":status", "200")])))
    context.writeAndFlush(wrapOutboundOut(ok), promise: nil)
    let stream = context.channel
    let early = self.early
    let earlyEnd = self.earlyEnd
    let server = self.server
    context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    // Same tick: nothing the client sends can slip between this handler and the splice.
    server.streamOpened()
    Splice.join(stream, aIsStream: true, upstream, bIsStream: false, leftover: early, leftoverEnded: earlyEnd)
      .whenComplete { result in
        var stats = SpliceStats()
        if case .success(let session) = result {
          stats.bytesFromPeer = session.bytesFromA
          stats.bytesToPeer = session.bytesFromB
          stats.error = session.error
        }
        server.streamFinished(request, stats: stats)
      }
  }

  private func serve(
    context: ChannelHandlerContext, request: HBONEConnectRequest, configure: @Sendable (any Channel) throws -> Void
  ) {
    guard state == .deciding, context.channel.isActive else { return }
    state = .done
    let ok = HTTP2Frame.FramePayload.headers(.init(headers: HPACKHeaders([(":status", "200")])))
    context.writeAndFlush(wrapOutboundOut(ok), promise: nil)
    let stream = context.channel
    let server = self.server
    let pipeline = stream.pipeline.syncOperations
    pipeline.removeHandler(context: context, promise: nil)
    // Same tick as the removal: no byte the client sent can fall between this handler and the
    // inner protocol's.
    let bytes = StreamByteHandler()
    do {
      try pipeline.addHandler(bytes)
      try configure(stream)
    } catch {
      server.logger.warning(
        "cannot serve an HBONE tunnel in process",
        metadata: ["hbone.authority": "\(request.authority)", "hbone.error": "\(error)"])
      stream.close(promise: nil)
      return
    }
    server.streamOpened()
    stream.closeFuture.whenComplete { _ in server.streamFinished(request, stats: SpliceStats()) }
    if let bytesContext = try? pipeline.context(handler: bytes) {
      bytes.deliver(leftover: early, ended: earlyEnd, context: bytesContext)
    }
  }

  private func log(_ request: HBONEConnectRequest, _ message: Logger.Message, status: Int) {
    server.logger.debug(
      message,
      metadata: [
        "hbone.authority": "\(request.authority)", "hbone.peer": "\(request.peerAddress)",
        "hbone.peer_identity": "\(request.peerIdentity)", "hbone.status": "\(status)",
      ])
  }

  private func respond(context: ChannelHandlerContext, status: Int) {
    guard state != .done else { return }
    state = .done
    let answer = HTTP2Frame.FramePayload.headers(
      .init(headers: HPACKHeaders([(":status", String(status))]), endStream: true))
    context.writeAndFlush(wrapOutboundOut(answer), promise: nil)
  }
}
