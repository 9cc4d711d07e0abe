import Dispatch
import Synchronization

/// A process's exit status once known, for any number of waiters.
final class ExitStatus: Sendable {
  private let state = Mutex<(code: Int32?, waiters: [CheckedContinuation<Int32, Never>], blocked: [DispatchSemaphore])>(
    (nil, [], []))

  func set(_ code: Int32) {
    let (waiters, blocked) = state.withLock { state in
      state.code = code
      defer {
        state.waiters = []
        state.blocked = []
      }
      return (state.waiters, state.blocked)
    }
    for waiter in waiters { waiter.resume(returning: code) }
    for semaphore in blocked { semaphore.signal() }
  }

  var code: Int32? { state.withLock { $0.code } }

  func wait() async -> Int32 {
    await withCheckedContinuation { continuation in
      let code = state.withLock { state -> Int32? in
        if let code = state.code { return code }
        state.waiters.append(continuation)
        return nil
      }
      if let code { continuation.resume(returning: code) }
    }
  }

  /// The same for a thread that may block (never one of Swift's cooperative threads).
  func waitBlocking() -> Int32 {
    let semaphore = DispatchSemaphore(value: 0)
    let code = state.withLock { state -> Int32? in
      if let code = state.code { return code }
      state.blocked.append(semaphore)
      return nil
    }
    if let code { return code }
    semaphore.wait()
    return state.withLock { $0.code } ?? -1
  }
}
