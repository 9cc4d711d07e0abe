import MeshStore
import Shared

/// Decides where a captured outbound connection goes (Istio ztunnel's outbound `build_request`),
/// from the original destination and one snapshot. Pure: no I/O, no clock; endpoint spreading
/// comes from the injected chooser.
///
/// Order: reserved ports are refused; a service VIP goes to its waypoint (unless the source *is*
/// that waypoint) or to one of its endpoints; a workload IP goes to its waypoint or straight to
/// it; HBONE-capable workloads get HBONE to `IP:15008`, the rest plain TCP; unknown IPs pass
/// through untouched, as Istio does for traffic leaving the mesh.
public enum OutboundDecision {
  public static func decide(
    source: Workload?, destination: HostPort, snapshot: WorkloadSnapshot, network: String? = nil,
    chooser: EndpointChooser = .random, defaultTrustDomain: String = MeshDefaults.trustDomain
  ) -> OutboundRoute {
    let context = Context(
      source: source, snapshot: snapshot, network: network ?? source?.network ?? "", chooser: chooser,
      trustDomain: defaultTrustDomain)
    guard let port = UInt16(exactly: destination.port), port != 0 else {
      return .reject(.init(.invalidDestination, "destination port \(destination.port) is not 1-65535"))
    }
    guard !MeshPorts.reservedDestinations.contains(port) else {
      return .reject(
        .init(.reservedPort, "destination \(destination) uses port \(port), reserved for ztunnel; refusing to loop"))
    }
    guard let ip = try? IPAddress(destination.host) else {
      return .reject(.init(.invalidDestination, "destination host \"\(destination.host)\" is not an IP address"))
    }
    if let service = snapshot.service(at: ip, network: context.network) {
      return context.route(to: service, vip: ip, port: port)
    }
    if let workload = snapshot.workload(at: ip, network: context.network) {
      return context.route(to: workload, ip: ip, port: port, original: destination, service: nil)
    }
    return .passthrough(PassthroughTarget(address: destination, destination: RouteDestination()))
  }

  /// The inputs every step needs, so helpers stay small.
  struct Context {
    let source: Workload?
    let snapshot: WorkloadSnapshot
    let network: String
    let chooser: EndpointChooser
    let trustDomain: String

    init(
      source: Workload?, snapshot: WorkloadSnapshot, network: String, chooser: EndpointChooser, trustDomain: String
    ) {
      self.source = source
      self.snapshot = snapshot
      self.network = network
      self.chooser = chooser
      self.trustDomain = trustDomain
    }

    func route(to service: Service, vip: IPAddress, port: UInt16) -> OutboundRoute {
      let original = HostPort(host: vip.description, port: Int(port))
      if let waypoint = service.waypoint {
        switch viaWaypoint(waypoint, authority: original, destination: RouteDestination(service: service)) {
        case .some(let route): return route
        case .none: break  // the source is this waypoint: go to the endpoint
        }
      }
      if service.loadBalancing?.mode == .passthrough {
        return .passthrough(PassthroughTarget(address: original, destination: RouteDestination(service: service)))
      }
      switch pickEndpoint(of: service, port: port) {
      case .failure(let rejection):
        return .reject(rejection)
      case .success(let (workload, ip, targetPort)):
        let target = HostPort(host: ip.description, port: Int(targetPort))
        return route(to: workload, ip: ip, port: targetPort, original: target, service: service)
      }
    }

    /// To one workload, addressed directly or chosen as a service endpoint.
    func route(
      to workload: Workload, ip: IPAddress, port: UInt16, original: HostPort, service: Service?
    )
      -> OutboundRoute
    {
      let destination = RouteDestination(service: service, workload: workload)
      if let waypoint = workload.waypoint,
        let route = viaWaypoint(waypoint, authority: original, destination: destination)
      {
        return route
      }
      guard workload.tunnelProtocol == .hbone else {
        return .passthrough(PassthroughTarget(address: original, destination: destination))
      }
      let identity: SpiffeIdentity
      do {
        identity = try workload.identity(defaultTrustDomain: trustDomain)
      } catch {
        return .reject(.init(.invalidIdentity, "workload \(workload.uid): \(error)", destination: destination))
      }
      return .hbone(
        TunnelTarget(
          peer: HostPort(host: ip.description, port: Int(MeshPorts.hbone)), authority: original,
          expectedIdentities: [identity], peerWorkload: workload, destination: destination))
    }
  }
}
