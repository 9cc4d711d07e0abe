import AsyncHTTPClient
import Synchronization
import NIOCore
import NIOHTTP1

/// Turns a watch response into `WatchEvent`s, one per line, as the bytes arrive.
///
/// A delegate rather than the async body sequence because its `HTTPClient.Task` can be cancelled:
/// when a consumer stops watching, the connection must close at once, not at the next event.
final class WatchStreamDelegate: HTTPClientResponseDelegate {
  typealias Response = Void

  private struct State {
    var status: Int = 0
    var pending: [UInt8] = []
    var errorBody: [UInt8] = []
    var failed = false
  }

  private let continuation: AsyncThrowingStream<WatchEvent, any Error>.Continuation
  private let describeFailure: @Sendable (any Error) -> KubeAPIError
  private let state = Mutex(State())

  init(
    continuation: AsyncThrowingStream<WatchEvent, any Error>.Continuation,
    describeFailure: @escaping @Sendable (any Error) -> KubeAPIError
  ) {
    self.continuation = continuation
    self.describeFailure = describeFailure
  }

  func didReceiveHead(task: HTTPClient.Task<Void>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
    state.withLock { $0.status = Int(head.status.code) }
    return task.eventLoop.makeSucceededVoidFuture()
  }

  func didReceiveBodyPart(task: HTTPClient.Task<Void>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
    let events: [WatchEvent]
    do {
      events = try state.withLock { (state) throws(KubeAPIError) -> [WatchEvent] in
        guard state.status == 200 else {
          if state.errorBody.count < 1 << 20 { state.errorBody.append(contentsOf: buffer.readableBytesView) }
          return []
        }
        state.pending.append(contentsOf: buffer.readableBytesView)
        var events: [WatchEvent] = []
        var start = 0
        while let newline = state.pending[start...].firstIndex(of: 0x0A) {
          let line = state.pending[start..<newline]
          start = newline + 1
          if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) { continue }
          events.append(try WatchEvent.parse(line: line))
        }
        state.pending.removeFirst(start)
        return events
      }
    } catch {
      state.withLock { $0.failed = true }
      continuation.finish(throwing: error)
      task.cancel()
      return task.eventLoop.makeSucceededVoidFuture()
    }
    for event in events { continuation.yield(event) }
    return task.eventLoop.makeSucceededVoidFuture()
  }

  func didReceiveError(task: HTTPClient.Task<Void>, _ error: any Error) {
    let alreadyFailed = state.withLock { state in
      defer { state.failed = true }
      return state.failed
    }
    if !alreadyFailed { continuation.finish(throwing: describeFailure(error)) }
  }

  func didFinishRequest(task: HTTPClient.Task<Void>) throws {
    let (status, body, failed) = state.withLock { ($0.status, $0.errorBody, $0.failed) }
    guard !failed else { return }
    if status == 200 {
      continuation.finish()
    } else {
      continuation.finish(throwing: KubeAPIError(httpCode: status, body: body))
    }
  }
}
