#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif
import NIOCore

/// The destination a captured connection was really addressed to.
///
/// The pod's nat rules REDIRECT its connections to ztunnel's ports (15001 outbound, 15006
/// inbound), rewriting the destination; netfilter's conntrack remembers the original, and
/// `getsockopt(SOL_IP, SO_ORIGINAL_DST)` (`SOL_IPV6, IP6T_SO_ORIGINAL_DST` for IPv6) reads it back
/// from an accepted socket, the way Istio's ztunnel does for in-pod REDIRECT capture.
///
/// On a connection that was not redirected (one made straight to the listener) the kernel
/// returns the local address the socket was accepted on, i.e. the listener itself; callers must
/// treat a result equal to the listener's own address as "no original destination" (ztunnel
/// never proxies to 15001/15006/15008, which catches exactly this case).
public enum OriginalDestination {
  /// Reads the original destination of an accepted, captured connection.
  public static func get(channel: any Channel) -> EventLoopFuture<SocketAddress> {
    guard let provider = channel as? any SocketOptionProvider else {
      return channel.eventLoop.makeFailedFuture(
        CaptureError(.socket, "channel \(channel) has no socket (not a TCP socket channel); no original destination"))
    }
    let isV6: Bool
    switch channel.localAddress {
    case .v6?: isV6 = true
    case .v4?: isV6 = false
    default:
      return channel.eventLoop.makeFailedFuture(
        CaptureError(.socket, "channel \(channel) has no IP local address; no original destination"))
    }
    let localAddress = channel.localAddress.map { "\($0)" } ?? "?"
    if isV6 {
      let future: EventLoopFuture<sockaddr_in6> = provider.unsafeGetSocketOption(
        level: NIOBSDSocket.OptionLevel(rawValue: SocketOptions.solIPv6),
        name: NIOBSDSocket.Option(rawValue: SocketOptions.ip6tOriginalDestination))
      return future.map { SocketAddress($0) }.flatMapErrorThrowing { error in
        throw CaptureError(.socket, "IP6T_SO_ORIGINAL_DST on connection to \(localAddress) failed: \(error)")
      }
    }
    let future: EventLoopFuture<sockaddr_in> = provider.unsafeGetSocketOption(
      level: NIOBSDSocket.OptionLevel(rawValue: SocketOptions.solIP),
      name: NIOBSDSocket.Option(rawValue: SocketOptions.soOriginalDestination))
    return future.map { SocketAddress($0) }.flatMapErrorThrowing { error in
      throw CaptureError(.socket, "SO_ORIGINAL_DST on connection to \(localAddress) failed: \(error)")
    }
  }
}
