#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif
import Synchronization

/// An open handle to a Linux network namespace (`/var/run/netns/NAME`, `/proc/PID/ns/net`).
///
/// Holding the file descriptor pins the namespace: it stays alive (and its inode stays the
/// same) even if the pod's processes exit, so a captured pod's rules and listeners are never
/// applied to a recycled namespace. Two handles opened through different paths to the same
/// namespace compare equal, because identity is the namespace inode `(st_dev, st_ino)` — the
/// same rule `ip netns identify` uses.
public final class NetworkNamespace: Sendable, Hashable, CustomStringConvertible {
  /// The kernel identity of a namespace: the nsfs device and inode.
  public struct Identity: Hashable, Sendable, CustomStringConvertible {
    public let device: UInt64
    public let inode: UInt64

    public init(device: UInt64, inode: UInt64) {
      self.device = device
      self.inode = inode
    }

    public var description: String { "net:[\(inode)]" }
  }

  /// The path the handle was opened from (for messages and `nsenter --net=`).
  public let path: String
  public let identity: Identity
  /// -1 once closed; guarded so `close()` never races a `setns` that is using the descriptor.
  private let descriptor: Mutex<CInt>

  /// Opens `path` read-only (`O_CLOEXEC`, so child processes such as `iptables` never inherit it).
  public init(path: String) throws(CaptureError) {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      throw CaptureError(.namespaceUnavailable, "cannot open network namespace \(path): \(SystemCall.lastError)")
    }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      let reason = SystemCall.lastError
      SystemCall.close(fd)
      throw CaptureError(.namespaceUnavailable, "cannot stat network namespace \(path): \(reason)")
    }
    self.path = path
    self.identity = Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    self.descriptor = Mutex(fd)
  }

  /// The network namespace of the calling thread (normally the host's).
  public static func current() throws(CaptureError) -> NetworkNamespace {
    try NetworkNamespace(path: "/proc/thread-self/ns/net")
  }

  /// The namespace `/var/run/netns/<name>` created by `ip netns add <name>`.
  public static func named(_ name: String) throws(CaptureError) -> NetworkNamespace {
    try NetworkNamespace(path: "/var/run/netns/\(name)")
  }

  /// Whether `close()` has been called.
  public var isClosed: Bool { descriptor.withLock { $0 < 0 } }

  /// Releases the descriptor; idempotent. Later uses fail with `namespaceUnavailable`.
  public func close() {
    descriptor.withLock { fd in
      if fd >= 0 {
        SystemCall.close(fd)
        fd = -1
      }
    }
  }

  /// Runs `body` with the open descriptor, holding it open for the duration.
  func withDescriptor<T>(_ body: (CInt) throws(CaptureError) -> T) throws(CaptureError) -> T {
    try descriptor.withLock { (fd: inout CInt) throws(CaptureError) -> T in
      guard fd >= 0 else {
        throw CaptureError(.namespaceUnavailable, "network namespace \(path) (\(identity)) was already closed")
      }
      return try body(fd)
    }
  }

  deinit { close() }

  public static func == (lhs: NetworkNamespace, rhs: NetworkNamespace) -> Bool { lhs.identity == rhs.identity }

  public func hash(into hasher: inout Hasher) { hasher.combine(identity) }

  public var description: String { "\(path) (\(identity))" }
}
