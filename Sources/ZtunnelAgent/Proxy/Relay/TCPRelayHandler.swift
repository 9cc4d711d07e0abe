import NIOCore

/// One half of a TCP-to-TCP relay (passthrough to workloads outside the mesh, and the captured
/// plaintext inbound path): what one channel reads is written to its partner. Backpressure: a side
/// stops reading while its partner is not writable, so a slow receiver never makes the proxy buffer
/// without bound. Half-close: end of input on one side shuts the partner's output (a client that
/// sends a request and then `shutdown(SHUT_WR)` still gets its whole answer); the relay ends when
/// both directions are finished or either side fails.
final class TCPRelayHandler: ChannelDuplexHandler, @unchecked Sendable {
  // @unchecked: each handler is used on its own channel's event loop; both channels of a relay
  // are created on the same loop, so partner calls never cross threads.
  typealias InboundIn = ByteBuffer
  typealias OutboundIn = ByteBuffer
  typealias OutboundOut = ByteBuffer

  private var partner: TCPRelayHandler?
  private var context: ChannelHandlerContext?
  private var pendingRead = false
  private var inputClosed = false
  private(set) var bytesRead: UInt64 = 0
  private let finished: EventLoopPromise<Void>

  private init(finished: EventLoopPromise<Void>) { self.finished = finished }

  /// Joins two connected channels on the same event loop. The future completes when the relay ended
  /// with (bytes read from `a`, bytes read from `b`).
  static func join(_ a: any Channel, _ b: any Channel) -> EventLoopFuture<(fromA: UInt64, fromB: UInt64)> {
    precondition(a.eventLoop === b.eventLoop, "relay channels must share an event loop")
    let loop = a.eventLoop
    let doneA = loop.makePromise(of: Void.self)
    let doneB = loop.makePromise(of: Void.self)
    let handlerA = TCPRelayHandler(finished: doneA)
    let handlerB = TCPRelayHandler(finished: doneB)
    handlerA.partner = handlerB
    handlerB.partner = handlerA
    let added = a.pipeline.addHandler(handlerA).and(b.pipeline.addHandler(handlerB)).flatMap { _ in
      a.setOption(ChannelOptions.autoRead, value: true).and(b.setOption(ChannelOptions.autoRead, value: true))
    }
    added.whenFailure { _ in
      a.close(promise: nil)
      b.close(promise: nil)
    }
    let bound = NIOLoopBound((handlerA, handlerB), eventLoop: loop)
    return doneA.futureResult.and(doneB.futureResult).map { _ in
      (bound.value.0.bytesRead, bound.value.1.bytesRead)
    }
  }

  func handlerAdded(context: ChannelHandlerContext) {
    self.context = context
    if !context.channel.isActive { finish() }
  }

  func handlerRemoved(context: ChannelHandlerContext) {
    self.context = nil
    finish()
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    let buffer = unwrapInboundIn(data)
    bytesRead &+= UInt64(buffer.readableBytes)
    partner?.write(buffer)
  }

  func channelReadComplete(context: ChannelHandlerContext) { partner?.flush() }

  func channelInactive(context: ChannelHandlerContext) {
    finish()
    partner?.closeAll()
  }

  func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
    if case ChannelEvent.inputClosed = event {
      inputClosed = true
      partner?.shutdownOutput()
      if partner?.inputClosed == true { closeAll() }
    } else {
      context.fireUserInboundEventTriggered(event)
    }
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    closeAll()
  }

  func channelWritabilityChanged(context: ChannelHandlerContext) {
    if context.channel.isWritable { partner?.resumeReading() }
  }

  func read(context: ChannelHandlerContext) {
    if partner?.context?.channel.isWritable ?? true {
      context.read()
    } else {
      pendingRead = true
    }
  }

  private func write(_ buffer: ByteBuffer) { context?.write(wrapOutboundOut(buffer), promise: nil) }
  private func flush() { context?.flush() }

  private func resumeReading() {
    guard pendingRead, let context else { return }
    pendingRead = false
    context.read()
  }

  private func shutdownOutput() {
    guard let context else { return }
    context.flush()
    context.close(mode: .output, promise: nil)
  }

  private func closeAll() {
    context?.close(promise: nil)
    let partner = self.partner
    self.partner = nil
    partner?.partner = nil
    partner?.context?.close(promise: nil)
    finish()
    partner?.finish()
  }

  private var isFinished = false
  private func finish() {
    guard !isFinished else { return }
    isFinished = true
    finished.succeed(())
  }
}
