import NIOCore

/// Joins two channels on one event loop and copies bytes both ways (see `SpliceSession`).
public enum Splice {
  /// Two TCP channels (passthrough, captured plaintext). Completes with (bytes read from `a`,
  /// bytes read from `b`) when both directions ended or either failed. Callers create the channels
  /// with `.allowRemoteHalfClosure` so half-closes propagate, and may leave autoRead off: reading
  /// starts once the splice is in place.
  public static func tcp(_ a: any Channel, _ b: any Channel) -> EventLoopFuture<(fromA: UInt64, fromB: UInt64)> {
    join(a, aIsStream: false, b, bIsStream: false).map { ($0.bytesFromA, $0.bytesFromB) }
  }

  static func join(
    _ a: any Channel, aIsStream: Bool, _ b: any Channel, bIsStream: Bool, leftover: ByteBuffer? = nil,
    leftoverEnded: Bool = false
  ) -> EventLoopFuture<SpliceSession> {
    precondition(a.eventLoop === b.eventLoop, "spliced channels must share an event loop")
    let loop = a.eventLoop
    let session = SpliceSession(loop: loop, aIsStream: aIsStream, bIsStream: bIsStream)
    let installHandlers: @Sendable () throws -> Void = {
      let handlerA: any ChannelHandler =
        aIsStream ? StreamSpliceHandler(session: session, side: .a) : TCPSpliceHandler(session: session, side: .a)
      let handlerB: any ChannelHandler =
        bIsStream ? StreamSpliceHandler(session: session, side: .b) : TCPSpliceHandler(session: session, side: .b)
      try a.pipeline.syncOperations.addHandler(handlerA)
      try b.pipeline.syncOperations.addHandler(handlerB)
      if let leftover, leftover.readableBytes > 0 {
        session.received(leftover, from: .a)
        session.readComplete(from: .a)
      }
      if leftoverEnded { session.endOfInput(from: .a) }
    }
    // Installed in the same event-loop tick when possible: bytes read between the CONNECT
    // answer and the splice would otherwise fall off the end of the pipeline.
    let install =
      loop.inEventLoop
      ? loop.makeCompletedFuture(Result { try installHandlers() })
      : loop.submit { try installHandlers() }
    let started = install.flatMap {
      a.setOption(ChannelOptions.autoRead, value: true).and(b.setOption(ChannelOptions.autoRead, value: true))
    }
    started.whenFailure { error in
      a.close(promise: nil)
      b.close(promise: nil)
      session.failed(.a, error)
    }
    return session.result
  }
}
