import Shared

/// Where a captured outbound connection goes, decided by `OutboundDecision`.
public enum OutboundRoute: Sendable, Hashable {
  /// HBONE straight to the destination workload's ztunnel.
  case hbone(TunnelTarget)
  /// HBONE to a waypoint, which applies L7 policy and forwards.
  case viaWaypoint(TunnelTarget)
  /// Plain TCP: the destination is outside the mesh (or unknown).
  case passthrough(PassthroughTarget)
  case reject(OutboundRejection)
}

/// One HBONE tunnel to open: TLS to `peer`, CONNECT to `authority`, and the identities the
/// peer's certificate may carry (anything else is a TLS failure, never a fallback).
public struct TunnelTarget: Sendable, Hashable {
  /// The address to dial: the destination (or waypoint) workload's IP and HBONE port.
  public var peer: HostPort
  /// The CONNECT `:authority`: the original destination (service VIP:port for a waypoint), or
  /// the chosen endpoint's IP and target port.
  public var authority: HostPort
  public var expectedIdentities: [SpiffeIdentity]
  /// The workload that terminates the tunnel (the destination, or the waypoint).
  public var peerWorkload: Workload
  /// Where the bytes finally go, for metrics labels and logs.
  public var destination: RouteDestination

  public init(
    peer: HostPort, authority: HostPort, expectedIdentities: [SpiffeIdentity], peerWorkload: Workload,
    destination: RouteDestination
  ) {
    self.peer = peer
    self.authority = authority
    self.expectedIdentities = expectedIdentities
    self.peerWorkload = peerWorkload
    self.destination = destination
  }

  /// `authority` as an HTTP `:authority` value: IPv6 hosts in brackets (RFC 3986 §3.2.2).
  public var authorityHeader: String { Self.format(authority) }

  static func format(_ hostPort: HostPort) -> String {
    hostPort.host.contains(":") ? "[\(hostPort.host)]:\(hostPort.port)" : hostPort.description
  }
}

/// Plain TCP to `address`.
public struct PassthroughTarget: Sendable, Hashable {
  public var address: HostPort
  public var destination: RouteDestination

  public init(address: HostPort, destination: RouteDestination) {
    self.address = address
    self.destination = destination
  }
}

/// What the connection is for, in mesh terms: the service it addressed (if any) and the
/// workload that serves it (if known). Telemetry labels come from here.
public struct RouteDestination: Sendable, Hashable {
  public var service: Service?
  public var workload: Workload?

  public init(service: Service? = nil, workload: Workload? = nil) {
    self.service = service
    self.workload = workload
  }
}
