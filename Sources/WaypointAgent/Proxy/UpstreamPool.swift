import NIOCore
import Synchronization

/// Idle HTTP/1.1 connections to backends (TCP, or HBONE tunnels to a pod's ztunnel), per
/// endpoint and event loop, so that a request reuses a connection instead of paying a TCP
/// handshake or a CONNECT round trip each time, as Envoy's upstream pools do. A connection goes
/// back only after a complete keep-alive response; one the backend closes while idle leaves.
final class UpstreamPool: Sendable {
  /// Idle connections kept per endpoint and loop; more are closed.
  static let maxIdlePerKey = 16

  private struct Key: Hashable {
    var endpoint: String
    var loop: ObjectIdentifier
  }

  private let idle = Mutex<[Key: [any Channel]]>([:])

  /// An idle, still open connection to `endpoint` on `loop`, if any.
  func take(_ endpoint: String, on loop: any EventLoop) -> (any Channel)? {
    let key = Key(endpoint: endpoint, loop: ObjectIdentifier(loop))
    return idle.withLock { table -> (any Channel)? in
      while var list = table[key], let channel = list.popLast() {
        table[key] = list.isEmpty ? nil : list
        if channel.isActive { return channel }
      }
      return nil
    }
  }

  /// Keeps `channel` for the next request to `endpoint`.
  func put(_ channel: any Channel, endpoint: String, on loop: any EventLoop) {
    let key = Key(endpoint: endpoint, loop: ObjectIdentifier(loop))
    let kept = idle.withLock { table -> Bool in
      var list = table[key] ?? []
      guard list.count < Self.maxIdlePerKey, channel.isActive else { return false }
      list.append(channel)
      table[key] = list
      return true
    }
    guard kept else {
      channel.close(promise: nil)
      return
    }
    channel.closeFuture.whenComplete { [weak self] _ in
      self?.idle.withLock { table in
        table[key]?.removeAll { $0 === channel }
        if table[key]?.isEmpty == true { table[key] = nil }
      }
    }
  }

  /// Closes every idle connection (drain).
  func closeAll() {
    let all = idle.withLock { table in
      defer { table.removeAll() }
      return table.values.flatMap { $0 }
    }
    for channel in all { channel.close(promise: nil) }
  }
}
