#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif
import NIOCore
import NIOPosix

/// Sockets created inside a pod's network namespace.
///
/// NIO's bootstraps create the socket synchronously on the calling thread and then register,
/// bind or connect it on an event loop (swift-nio `Bootstrap.swift`: `bind0` builds the
/// `ServerSocketChannel`, `connect(to:)` the `SocketChannel`, before the first `submit`). So
/// only the call to `bind`/`connect` runs on the executor thread; its future is awaited
/// outside, and the channel lives on an ordinary event loop with a socket in the pod namespace.
extension NetnsExecutor {
  /// Connects `bootstrap` to `address` with the socket created inside `ns`.
  public func connect(
    _ bootstrap: ClientBootstrap, to address: SocketAddress, in ns: NetworkNamespace
  ) async throws -> any Channel {
    // NIO marks bootstraps non-Sendable because their configuration is mutable; this call only
    // reads it, on one thread, while this task waits for the result.
    nonisolated(unsafe) let bootstrap = bootstrap
    let pending = try await run(in: ns) { bootstrap.connect(to: address) }
    return try await pending.get()
  }

  /// Binds `bootstrap` on `host:port` (a numeric IP; no name resolution happens in a pod's
  /// namespace) with the listening socket created inside `ns`.
  public func bind(
    _ bootstrap: ServerBootstrap, host: String, port: Int, in ns: NetworkNamespace
  ) async throws -> any Channel {
    let address = try Self.numericAddress(host, port: port)
    nonisolated(unsafe) let bootstrap = bootstrap  // read-only hand-off, as in `connect`
    let pending = try await run(in: ns) { bootstrap.bind(to: address) }
    return try await pending.get()
  }

  /// Creates a listening TCP socket inside `ns`: `SO_REUSEADDR`, optionally `IP_TRANSPARENT`,
  /// bound to `host:port`, listening, non-blocking and close-on-exec. For
  /// `ServerBootstrap.withBoundSocket` and other adopters; the caller owns the descriptor.
  public func makeListeningSocket(
    in ns: NetworkNamespace, host: String, port: Int, transparent: Bool, backlog: CInt = 1024
  ) async throws -> NIOBSDSocket.Handle {
    let address = try Self.numericAddress(host, port: port)
    return try await run(in: ns) {
      try Self.listeningSocket(address: address, transparent: transparent, backlog: backlog, in: ns)
    }
  }

  static func numericAddress(_ host: String, port: Int) throws(CaptureError) -> SocketAddress {
    do {
      return try SocketAddress(ipAddress: host, port: port)
    } catch {
      throw CaptureError(.invalidAddress, "listen address \(host):\(port) is not a numeric IP address and port")
    }
  }

  private static func listeningSocket(
    address: SocketAddress, transparent: Bool, backlog: CInt, in ns: NetworkNamespace
  ) throws(CaptureError) -> NIOBSDSocket.Handle {
    let family = address.protocol.rawValue
    let fd = socket(family, CInt(SOCK_STREAM.rawValue) | CInt(SOCK_CLOEXEC.rawValue) | CInt(SOCK_NONBLOCK.rawValue), 0)
    guard fd >= 0 else {
      throw CaptureError(.socket, "socket() for \(address) in \(ns) failed: \(SystemCall.lastError)")
    }
    func fail(_ step: String) -> CaptureError {
      let reason = SystemCall.lastError
      SystemCall.close(fd)
      return CaptureError(.socket, "\(step) for listener \(address) in \(ns) failed: \(reason)")
    }
    var one: CInt = 1
    let size = socklen_t(MemoryLayout<CInt>.size)
    guard setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, size) == 0 else { throw fail("SO_REUSEADDR") }
    if transparent {
      let isV6 = family == AF_INET6
      let level = isV6 ? SocketOptions.solIPv6 : SocketOptions.solIP
      let name = isV6 ? SocketOptions.ipv6Transparent : SocketOptions.ipTransparent
      guard setsockopt(fd, level, name, &one, size) == 0 else { throw fail("IP_TRANSPARENT") }
    }
    let bound = address.withSockAddr { pointer, length in SystemCall.bind(fd, pointer, socklen_t(length)) }
    guard bound == 0 else { throw fail("bind") }
    guard listen(fd, backlog) == 0 else { throw fail("listen") }
    return fd
  }
}
