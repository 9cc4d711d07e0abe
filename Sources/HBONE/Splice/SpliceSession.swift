import NIOCore
import NIOHTTP2

/// Copies bytes both ways between a plain TCP channel and an HBONE CONNECT stream (an HTTP/2
/// stream channel), or between two TCP channels, on one event loop.
///
/// - Backpressure: a side reads only while the other side is writable, so a slow receiver stops
///   the sender (TCP window or HTTP/2 flow control) instead of growing buffers.
/// - Half-close: end of input on one side becomes end of output on the other (TCP FIN ↔ DATA
///   END_STREAM), so request/response protocols that half-close work through the tunnel.
/// - Errors: a reset stream or a broken connection closes both sides at once.
final class SpliceSession: @unchecked Sendable {
  // @unchecked: all state is touched on `loop` only (both channels live on it).
  enum Side { case a, b }

  let loop: any EventLoop
  private var contexts: (a: ChannelHandlerContext?, b: ChannelHandlerContext?) = (nil, nil)
  private var pendingRead: (a: Bool, b: Bool) = (false, false)
  private var inputClosed: (a: Bool, b: Bool) = (false, false)
  private var isStream: (a: Bool, b: Bool)
  private(set) var bytesFromA: UInt64 = 0
  private(set) var bytesFromB: UInt64 = 0
  private var outputDone: (a: EventLoopFuture<Void>?, b: EventLoopFuture<Void>?) = (nil, nil)
  private var failure: (any Error)?
  private var finished = false
  private let done: EventLoopPromise<SpliceSession>

  init(loop: any EventLoop, aIsStream: Bool, bIsStream: Bool) {
    self.loop = loop
    self.isStream = (aIsStream, bIsStream)
    self.done = loop.makePromise()
  }

  var result: EventLoopFuture<SpliceSession> { done.futureResult }
  var error: (any Error)? { failure }

  func attach(_ side: Side, context: ChannelHandlerContext) {
    switch side {
    case .a: contexts.a = context
    case .b: contexts.b = context
    }
  }

  private func context(_ side: Side) -> ChannelHandlerContext? { side == .a ? contexts.a : contexts.b }
  private func other(_ side: Side) -> Side { side == .a ? .b : .a }

  // MARK: Events from one side

  func received(_ buffer: ByteBuffer, from side: Side) {
    let count = UInt64(buffer.readableBytes)
    if side == .a { bytesFromA &+= count } else { bytesFromB &+= count }
    write(buffer, to: other(side))
  }

  func readComplete(from side: Side) { context(other(side))?.flush() }

  func endOfInput(from side: Side) {
    switch side {
    case .a:
      guard !inputClosed.a else { return }
      inputClosed.a = true
    case .b:
      guard !inputClosed.b else { return }
      inputClosed.b = true
    }
    shutdownOutput(of: other(side))
    if inputClosed.a && inputClosed.b { finish(nil) }
  }

  /// A side's channel closed. A TCP peer that closes without an error has sent its FIN (NIO
  /// reports no separate end of input when our output was already shut): that is the end of its
  /// input, not a failure. A stream that closes before END_STREAM was reset.
  func inactive(_ side: Side) {
    guard !finished else { return }
    let isTCP = side == .a ? !isStream.a : !isStream.b
    if isTCP && failure == nil { endOfInput(from: side) }
    guard !finished else { return }
    finish(inputClosed.a && inputClosed.b ? nil : failure ?? HBONEError(.protocolError, "tunnel closed early"))
  }

  func failed(_ side: Side, _ error: any Error) {
    if failure == nil { failure = error }
    finish(error)
  }

  func writabilityChanged(_ side: Side) {
    guard let context = context(side), context.channel.isWritable else { return }
    let partner = other(side)
    let pending = partner == .a ? pendingRead.a : pendingRead.b
    guard pending else { return }
    if partner == .a { pendingRead.a = false } else { pendingRead.b = false }
    self.context(partner)?.read()
  }

  /// Reads on `side` are allowed only while the other side can take the bytes.
  func read(_ side: Side, context: ChannelHandlerContext) {
    if self.context(other(side))?.channel.isWritable ?? true {
      context.read()
    } else if side == .a {
      pendingRead.a = true
    } else {
      pendingRead.b = true
    }
  }

  // MARK: Output

  private func write(_ buffer: ByteBuffer, to side: Side) {
    guard let context = context(side) else { return }
    if side == .a ? isStream.a : isStream.b {
      let frame = HTTP2Frame.FramePayload.data(.init(data: .byteBuffer(buffer)))
      context.write(NIOAny(frame), promise: nil)
    } else {
      context.write(NIOAny(buffer), promise: nil)
    }
  }

  /// Ends `side`'s output after everything written before has gone out; remembers when that
  /// happened so a clean finish closes the channel only then (closing earlier drops the tail).
  private func shutdownOutput(of side: Side) {
    guard let context = context(side) else { return }
    let promise = context.eventLoop.makePromise(of: Void.self)
    if side == .a ? isStream.a : isStream.b {
      let end = HTTP2Frame.FramePayload.data(.init(data: .byteBuffer(ByteBuffer()), endStream: true))
      context.writeAndFlush(NIOAny(end), promise: promise)
    } else {
      // Shut the output only after the queued bytes are written: when the input is already
      // closed, NIO turns an output close into a full close that would drop them.
      let flushed = context.writeAndFlush(NIOAny(ByteBuffer()))
      let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
      flushed.whenComplete { _ in bound.value.close(mode: .output, promise: promise) }
    }
    if side == .a { outputDone.a = promise.futureResult } else { outputDone.b = promise.futureResult }
  }

  private func finish(_ error: (any Error)?) {
    guard !finished else { return }
    finished = true
    if let error, failure == nil { failure = error }
    let a = contexts.a
    let b = contexts.b
    contexts = (nil, nil)
    if error == nil, let doneA = outputDone.a, let doneB = outputDone.b {
      // Clean end: both outputs were shut after their last bytes; close once they are out.
      doneA.whenComplete { _ in a?.close(promise: nil) }
      doneB.whenComplete { _ in b?.close(promise: nil) }
    } else {
      // A stream closed before both ends finished is reset (RST_STREAM CANCEL) by NIO: the peer
      // learns the tunnel broke instead of seeing a clean end.
      a?.close(promise: nil)
      b?.close(promise: nil)
    }
    done.succeed(self)
  }
}
