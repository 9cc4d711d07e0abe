import Synchronization

/// The newest value of something that changes, with a coalescing stream of "it changed": a slow
/// reader sees the latest value, never a backlog.
final class LatestValue<Value: Sendable>: Sendable {
  private let value: Mutex<Value>
  private let stream: AsyncStream<Void>
  private let continuation: AsyncStream<Void>.Continuation

  init(_ initial: Value) {
    value = Mutex(initial)
    (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
  }

  func set(_ newValue: Value) {
    value.withLock { $0 = newValue }
    continuation.yield()
  }

  var current: Value { value.withLock { $0 } }

  /// One element after each `set` (coalesced). A single consumer at a time.
  var changes: AsyncStream<Void> { stream }
}
