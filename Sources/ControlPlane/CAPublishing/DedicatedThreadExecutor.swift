import Foundation
import Synchronization

/// A task executor with a thread of its own, so async code can be waited on synchronously
/// without borrowing (and possibly starving) a thread of Swift's cooperative pool.
///
/// Jobs run one at a time in the order they arrive. `shutdown()` lets the thread end once the
/// queue is empty; the executor is meant for one short-lived task (see `BlockingBridge`).
final class DedicatedThreadExecutor: TaskExecutor {
  private struct State {
    var queue: [UnownedJob] = []
    var stopping = false
  }

  private let state = Mutex(State())
  /// Signalled once per queued job and once for `shutdown()`.
  private let signals = DispatchSemaphore(value: 0)

  init(name: String) {
    let thread = Thread { [self] in runLoop() }
    thread.name = name
    thread.start()
  }

  func enqueue(_ job: consuming ExecutorJob) {
    let job = UnownedJob(job)
    state.withLock { $0.queue.append(job) }
    signals.signal()
  }

  /// Ends the thread after the jobs already queued have run.
  func shutdown() {
    state.withLock { $0.stopping = true }
    signals.signal()
  }

  private func runLoop() {
    while true {
      signals.wait()
      let next: UnownedJob? = state.withLock { $0.queue.isEmpty ? nil : $0.queue.removeFirst() }
      if let next {
        next.runSynchronously(on: asUnownedTaskExecutor())
      } else if state.withLock({ $0.stopping }) {
        return
      }
    }
  }
}
