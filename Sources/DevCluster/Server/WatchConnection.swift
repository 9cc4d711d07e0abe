import NIOCore

/// The sending end of one watch response: events are handed to the connection's event loop in
/// the order they are sent (the cluster sends under its lock, so in resourceVersion order).
final class WatchConnection: Sendable {
  private let eventLoop: any EventLoop
  private let handler: NIOLoopBound<APIConnectionHandler>
  /// Which response on the connection this is: events for an ended watch are dropped.
  private let stream: UInt64

  init(eventLoop: any EventLoop, handler: APIConnectionHandler, stream: UInt64) {
    self.eventLoop = eventLoop
    self.handler = NIOLoopBound(handler, eventLoop: eventLoop)
    self.stream = stream
  }

  func send(_ message: WatchMessage) {
    let handler = self.handler
    let stream = self.stream
    eventLoop.execute { handler.value.deliver(message, stream: stream) }
  }

  /// Ends the response cleanly (terminating chunk); the connection stays open for more requests.
  func finish() {
    let handler = self.handler
    let stream = self.stream
    eventLoop.execute { handler.value.finishWatch(stream: stream) }
  }

  /// Drops the connection mid-stream, as a network failure or server restart would.
  func close() {
    let handler = self.handler
    eventLoop.execute { handler.value.closeConnection() }
  }
}
