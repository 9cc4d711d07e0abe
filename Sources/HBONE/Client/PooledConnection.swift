import NIOCore
import NIOHTTP2
import Synchronization

/// One mTLS HTTP/2 connection of the client pool and how many tunnels use it.
final class PooledConnection: Sendable {
  private struct State {
    var active = 0
    var usable = true
    var idleSince: ContinuousClock.Instant?
  }

  let key: PoolKey
  let ready: EventLoopPromise<NIOHTTP2Handler.StreamMultiplexer>
  let channel: EventLoopPromise<any Channel>
  private let state = Mutex(State())

  init(key: PoolKey, loop: any EventLoop) {
    self.key = key
    self.ready = loop.makePromise()
    self.channel = loop.makePromise()
  }

  /// Takes a stream slot if one of `limit` is free.
  func reserve(limit: Int) -> Bool {
    state.withLock { state in
      guard state.usable, state.active < limit else { return false }
      state.active += 1
      state.idleSince = nil
      return true
    }
  }

  /// Returns a slot; true when the connection became idle.
  func release() -> Bool {
    state.withLock { state in
      state.active -= 1
      if state.active == 0 { state.idleSince = .now }
      return state.active == 0
    }
  }

  func markUnusable() { state.withLock { $0.usable = false } }

  /// Idle for at least `timeout`.
  func isIdle(for timeout: Duration, now: ContinuousClock.Instant) -> Bool {
    state.withLock { state in state.active == 0 && (state.idleSince.map { now - $0 >= timeout } ?? false) }
  }

  var isUsable: Bool { state.withLock { $0.usable } }
}
