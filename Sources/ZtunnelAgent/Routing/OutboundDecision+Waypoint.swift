import Shared

extension OutboundDecision.Context {
  /// The route through `waypoint`, or nil when the source is one of the waypoint's own
  /// workloads (it already applied L7 policy; sending it back to itself would loop).
  ///
  /// Like ztunnel, the waypoint is resolved to a workload and dialed at its pod IP and
  /// `hbone_mtls_port`: a service VIP is not routable without kube-proxy, and the workload's
  /// identity is what its certificate must prove.
  func viaWaypoint(_ waypoint: GatewayAddress, authority: HostPort, destination: RouteDestination) -> OutboundRoute? {
    let members = waypointWorkloads(waypoint)
    if let source, members.contains(where: { $0.uid == source.uid }) { return nil }
    let healthy = members.filter { $0.status == .healthy }
    guard let chosen = chooser.choose(healthy), let ip = chosen.addresses.first else {
      return .reject(
        .init(
          .waypointUnavailable,
          "waypoint \(Self.describe(waypoint)) for \(authority) has no healthy workload with an address",
          destination: destination))
    }
    let identity: SpiffeIdentity
    do {
      identity = try chosen.identity(defaultTrustDomain: trustDomain)
    } catch {
      return .reject(.init(.invalidIdentity, "waypoint workload \(chosen.uid): \(error)", destination: destination))
    }
    return .viaWaypoint(
      TunnelTarget(
        peer: HostPort(host: ip.description, port: Int(waypoint.hboneMTLSPort)), authority: authority,
        expectedIdentities: [identity], peerWorkload: chosen, destination: destination))
  }

  /// The workloads behind a waypoint address: the workload at that IP, or the endpoints of the
  /// service at that VIP or with that hostname.
  func waypointWorkloads(_ waypoint: GatewayAddress) -> [Workload] {
    switch waypoint.destination {
    case .address(let address):
      if let workload = snapshot.workload(at: address.address, network: address.network) { return [workload] }
      if let service = snapshot.service(at: address.address, network: address.network) {
        return snapshot.endpoints(ofService: service.resourceName)
      }
      return []
    case .hostname(let name):
      return snapshot.endpoints(ofService: name.description)
    }
  }

  static func describe(_ waypoint: GatewayAddress) -> String {
    switch waypoint.destination {
    case .address(let address): "\(address.address)"
    case .hostname(let name): name.description
    }
  }
}
