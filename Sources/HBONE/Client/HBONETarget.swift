import NIOCore
import Shared

/// One tunnel to open: mTLS to `peer` as `source`, then CONNECT `authority`.
public struct HBONETarget: Sendable {
  /// The client certificate: the source workload's identity.
  public var source: HBONECredential
  /// The source workload's IP: part of the pool key, so one pod's connections are never shared
  /// with another's (and, in-pod, sockets are opened in that pod's network namespace).
  public var sourceIP: IPAddress?
  /// The remote ztunnel or waypoint, port 15008.
  public var peer: SocketAddress
  /// `destIP:port`, or the service VIP:port when going through a waypoint.
  public var authority: String
  /// The identities the peer may present; anything else fails the connection.
  public var expectedIdentities: [SpiffeIdentity]
  /// Extra request headers (`forwarded`, `baggage`, `traceparent`).
  public var headers: [(name: String, value: String)]

  public init(
    source: HBONECredential, sourceIP: IPAddress?, peer: SocketAddress, authority: String,
    expectedIdentities: [SpiffeIdentity], headers: [(name: String, value: String)] = []
  ) {
    self.source = source
    self.sourceIP = sourceIP
    self.peer = peer
    self.authority = authority
    self.expectedIdentities = expectedIdentities
    self.headers = headers
  }
}
