import Synchronization

/// A process's exit status once known, for any number of waiters.
final class ExitStatus: Sendable {
  private let state = Mutex<(code: Int32?, waiters: [CheckedContinuation<Int32, Never>])>((nil, []))

  func set(_ code: Int32) {
    let waiters = state.withLock { state in
      state.code = code
      defer { state.waiters = [] }
      return state.waiters
    }
    for waiter in waiters { waiter.resume(returning: code) }
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
}
