import NIOCore
import Synchronization

/// Collects the lines a client channel receives, for tests that talk to servers through NIO.
final class LineCollector: Sendable {
  private let state = Mutex<(lines: [String], waiters: [CheckedContinuation<String?, Never>])>(([], []))

  func handler() -> Handler { Handler(collector: self) }

  /// The first line received, or nil if the connection closed first.
  func first() async -> String? {
    await withCheckedContinuation { continuation in
      let line: String?? = state.withLock { state in
        if let line = state.lines.first { return .some(line) }
        state.waiters.append(continuation)
        return nil
      }
      if let line { continuation.resume(returning: line) }
    }
  }

  fileprivate func receive(_ line: String?) {
    let waiters = state.withLock { state in
      if let line { state.lines.append(line) }
      defer { state.waiters = [] }
      return state.waiters
    }
    for waiter in waiters { waiter.resume(returning: line) }
  }

  final class Handler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private let collector: LineCollector
    private var pending = ""

    init(collector: LineCollector) { self.collector = collector }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
      var buffer = unwrapInboundIn(data)
      pending += buffer.readString(length: buffer.readableBytes) ?? ""
      while let newline = pending.firstIndex(of: "\n") {
        collector.receive(String(pending[..<newline]))
        pending = String(pending[pending.index(after: newline)...])
      }
    }

    func channelInactive(context: ChannelHandlerContext) {
      collector.receive(nil)
      context.fireChannelInactive()
    }
  }
}
