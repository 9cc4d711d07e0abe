#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif
import NIOCore

/// Linux socket options the capture path needs, as raw numbers (from `<asm-generic/socket.h>`,
/// `<linux/in.h>`, `<linux/netfilter_ipv4.h>`) and as NIO channel options.
///
/// The numbers are spelled out because not every C library module exports them
/// (`SO_ORIGINAL_DST` lives in a netfilter header Swift's Glibc module does not include).
public enum SocketOptions {
  /// `SOL_SOCKET`/`SO_MARK`: sets the packet mark (`skb->mark`) of everything the socket sends.
  public static let soMark: CInt = 36
  /// `SOL_IP`/`IP_TRANSPARENT`: lets a socket bind or accept non-local addresses (TPROXY).
  public static let ipTransparent: CInt = 19
  /// `SOL_IPV6`/`IPV6_TRANSPARENT`.
  public static let ipv6Transparent: CInt = 75
  /// `SOL_IP`/`SO_ORIGINAL_DST`: the destination before netfilter's REDIRECT/DNAT rewrote it.
  public static let soOriginalDestination: CInt = 80
  /// `SOL_IPV6`/`IP6T_SO_ORIGINAL_DST` (same number, IPv6 level).
  public static let ip6tOriginalDestination: CInt = 80
  public static let solIP: CInt = 0
  public static let solIPv6: CInt = 41

  /// The mark ztunnel puts on its own sockets (0x539 = 1337). The pod's capture rules skip
  /// packets carrying it, so ztunnel's upstream connections made from inside the pod namespace
  /// are not redirected back into ztunnel (Istio's `InpodMark`).
  public static let ztunnelMark: UInt32 = 0x539

  /// Channel option for `SO_MARK`; use as `.channelOption(SocketOptions.mark, value: 0x539)`.
  /// Needs CAP_NET_ADMIN; a bootstrap whose option cannot be set fails the connect.
  public static let mark = ChannelOptions.Types.SocketOption(
    level: NIOBSDSocket.OptionLevel(rawValue: SOL_SOCKET), name: NIOBSDSocket.Option(rawValue: soMark))

  /// Channel option for `IP_TRANSPARENT` (IPv4 sockets); value 1 enables it.
  public static let transparent = ChannelOptions.Types.SocketOption(
    level: NIOBSDSocket.OptionLevel(rawValue: solIP), name: NIOBSDSocket.Option(rawValue: ipTransparent))

  /// Channel option for `IPV6_TRANSPARENT` (IPv6 sockets).
  public static let transparentV6 = ChannelOptions.Types.SocketOption(
    level: NIOBSDSocket.OptionLevel(rawValue: solIPv6), name: NIOBSDSocket.Option(rawValue: ipv6Transparent))
}
