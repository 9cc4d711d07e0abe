import NIOCore
import Shared

/// One CONNECT stream as the server's delegate sees it. The peer identity comes from the verified
/// client certificate, never from headers.
public struct HBONEConnectRequest: Sendable {
  public let authority: String
  /// `authority` parsed as `host:port` (IPv6 without brackets); nil when malformed.
  public let target: HostPort?
  public let headers: [(name: String, value: String)]
  public let peerIdentity: SpiffeIdentity
  public let peerAddress: SocketAddress
  public let localAddress: SocketAddress
  /// Open the upstream connection on this loop: the splice then never crosses threads.
  public let eventLoop: any EventLoop

  /// Parses `IP:port` or `[IPv6]:port`.
  static func parse(authority: String) -> HostPort? {
    if authority.hasPrefix("[") {
      guard let close = authority.firstIndex(of: "]") else { return nil }
      let host = String(authority[authority.index(after: authority.startIndex)..<close])
      let rest = authority[authority.index(after: close)...]
      guard rest.hasPrefix(":"), let port = Int(rest.dropFirst()), (1...65535).contains(port) else { return nil }
      return HostPort(host: host, port: port)
    }
    guard let parsed = try? HostPort(authority), !parsed.host.contains(":"), !parsed.host.isEmpty else { return nil }
    return parsed
  }
}
