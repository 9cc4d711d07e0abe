import Synchronization

/// A de-duplicating queue of keys, as client-go's workqueue: a key added while already waiting
/// is queued once, so a burst of pod events becomes one reconcile of their Deployment.
final class WorkQueue: Sendable {
  private let waiting = Mutex<Set<ReconcileKey>>([])
  private let stream: AsyncStream<ReconcileKey>
  private let continuation: AsyncStream<ReconcileKey>.Continuation

  init() {
    (stream, continuation) = AsyncStream<ReconcileKey>.makeStream()
  }

  func add(_ key: ReconcileKey) {
    let isNew = waiting.withLock { $0.insert(key).inserted }
    if isNew { continuation.yield(key) }
  }

  /// Adds `key` again after `delay` (a failed reconcile's retry).
  func add(_ key: ReconcileKey, after delay: Duration) {
    Task {
      try? await Task.sleep(for: delay)
      add(key)
    }
  }

  /// Keys in order; a key leaves the waiting set when handed out, so changes during its
  /// reconcile queue it again.
  func keys() -> AsyncMapSequence<AsyncStream<ReconcileKey>, ReconcileKey> {
    stream.map { [self] key in
      self.waiting.withLock { _ = $0.remove(key) }
      return key
    }
  }

  func finish() { continuation.finish() }
}
