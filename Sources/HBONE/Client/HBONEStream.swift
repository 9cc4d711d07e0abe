import NIOCore

/// An open CONNECT tunnel (the server answered 200). Splice it with the local TCP connection.
public struct HBONEStream: Sendable {
  let channel: any Channel
  let response: ConnectResponseHandler
  let released: @Sendable () -> Void

  /// Copies bytes both ways until both directions end (see `SpliceSession`). `tcp` must be on
  /// the stream's event loop (open the stream with `open(_:on:)` on the TCP channel's loop) and
  /// created with `.allowRemoteHalfClosure`.
  public func splice(with tcp: any Channel) -> EventLoopFuture<SpliceStats> {
    let released = self.released
    let channel = self.channel
    let response = self.response
    return channel.eventLoop.flatSubmit {
      // Take what arrived after the 200 and drop the answer handler in the same tick as the
      // splice is installed, so no byte falls in between.
      let leftover = response.leftover
      let ended = response.leftoverEnded
      channel.pipeline.syncOperations.removeHandler(response, promise: nil)
      return Splice.join(channel, aIsStream: true, tcp, bIsStream: false, leftover: leftover, leftoverEnded: ended)
    }.map { session in
      released()
      var stats = SpliceStats()
      stats.bytesFromPeer = session.bytesFromA
      stats.bytesToPeer = session.bytesFromB
      stats.error = session.error
      return stats
    }
  }

  /// Uses the tunnel as a byte channel in this process (the waypoint speaks HTTP/1.1 through it):
  /// `ByteBuffer`s in and out, the peer's `END_STREAM` as `ChannelEvent.inputClosed`,
  /// `close(mode: .output)` as our `END_STREAM`. `configure` adds the inner protocol's handlers
  /// on the stream's event loop; the pool slot is released when the stream closes.
  public func attach(_ configure: @escaping @Sendable (any Channel) throws -> Void) -> EventLoopFuture<any Channel> {
    let released = self.released
    let channel = self.channel
    let response = self.response
    return channel.eventLoop.submit {
      let leftover = response.leftover
      let ended = response.leftoverEnded
      let pipeline = channel.pipeline.syncOperations
      pipeline.removeHandler(response, promise: nil)
      let bytes = StreamByteHandler()
      try pipeline.addHandler(bytes)
      try configure(channel)
      channel.closeFuture.whenComplete { _ in released() }
      bytes.deliver(leftover: leftover, ended: ended, context: try pipeline.context(handler: bytes))
      return channel
    }
  }

  /// Abandons the tunnel (resets the stream).
  public func close() {
    channel.close(promise: nil)
    released()
  }
}
