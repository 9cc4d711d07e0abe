import NIOCore
import Synchronization

/// The open client connections, so that shutdown can close them (and their watches) instead of
/// leaving them to the event loop group's teardown.
final class ChannelTracker: Sendable {
  private let channels = Mutex<[ObjectIdentifier: any Channel]>([:])

  func add(_ channel: any Channel) {
    let key = ObjectIdentifier(channel)
    channels.withLock { $0[key] = channel }
    channel.closeFuture.whenComplete { [weak self] _ in
      _ = self?.channels.withLock { $0.removeValue(forKey: key) }
    }
  }

  func closeAll() -> [EventLoopFuture<Void>] {
    let open = channels.withLock { Array($0.values) }
    return open.map { $0.close() }
  }
}
