import Shared

/// Where a SOCKS5 client asked to go.
public struct Socks5Destination: Equatable, Sendable {
  public enum Host: Equatable, Sendable {
    case ip(IPAddress)
    /// A name (a Service hostname such as `httpbin.default.svc.cluster.local`), resolved from the
    /// mesh's own service store, not DNS.
    case name(String)
  }

  public var host: Host
  public var port: UInt16
}
