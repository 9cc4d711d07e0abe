import CA
import Foundation
import Kube
import Synchronization

/// Runs an async Kubernetes call to completion from synchronous code.
///
/// `CAStore` is synchronous (`load()`/`save()` run once at start-up, and at the rare root
/// rotation), while `KubeClient` is async. The call runs as a task on a dedicated thread
/// (`DedicatedThreadExecutor`) and the caller waits on a semaphore. Waiting blocks the calling
/// thread, so this must stay off hot paths; but the awaited work never needs a cooperative-pool
/// thread, so it completes even when the caller itself is one of the (here, two) pool threads.
enum BlockingBridge {
  private final class Outcome<T: Sendable>: Sendable {
    let value = Mutex<Result<T, KubeAPIError>?>(nil)
  }

  /// The operation's result, or a `CAError(.storage)` naming `what` when it failed or took longer
  /// than `timeout` (the task is then cancelled). `onError` may give a failure a more actionable
  /// explanation than the API server's message.
  static func run<T: Sendable>(
    _ what: String, timeout: Duration,
    _ operation: @escaping @Sendable () async throws(KubeAPIError) -> T,
    onError explain: (KubeAPIError) -> String? = { _ in nil }
  ) throws(CAError) -> T {
    let executor = DedicatedThreadExecutor(name: "mesh.kube-blocking-bridge")
    let outcome = Outcome<T>()
    let done = DispatchSemaphore(value: 0)
    let task = Task(executorPreference: executor) {
      let result: Result<T, KubeAPIError>
      do throws(KubeAPIError) { result = .success(try await operation()) } catch { result = .failure(error) }
      outcome.value.withLock { $0 = result }
      done.signal()
      executor.shutdown()
    }
    let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
    guard done.wait(timeout: .now() + seconds) == .success else {
      task.cancel()
      throw CAError(.storage, "\(what): the Kubernetes API did not answer within \(timeout)")
    }
    switch outcome.value.withLock({ $0 }) {
    case .success(let value)?: return value
    case .failure(let error)?: throw CAError(.storage, "\(what): \(explain(error) ?? "\(error)")")
    case nil: throw CAError(.storage, "\(what): the request ended without a result")
    }
  }
}
