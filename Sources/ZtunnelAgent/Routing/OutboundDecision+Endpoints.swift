import Shared

extension OutboundDecision.Context {
  typealias Endpoint = (workload: Workload, ip: IPAddress, targetPort: UInt16)

  /// Picks the endpoint of `service` for `port`: only workloads that expose the port and have an
  /// address in this network; health per the service's policy (ONLY_HEALTHY by default, as in
  /// Istio: an unhealthy pod never gets traffic unless ALLOW_ALL); locality per its routing
  /// preference; then spread by the chooser.
  func pickEndpoint(of service: Service, port: UInt16) -> Result<Endpoint, OutboundRejection> {
    var candidates: [Endpoint] = []
    for workload in snapshot.endpoints(ofService: service.resourceName) {
      guard let targetPort = Self.targetPort(of: workload, in: service, for: port),
        let ip = workload.addresses.first
      else { continue }
      // An endpoint in another network would need a network gateway, which this agent does not
      // route through.
      guard workload.network == network else { continue }
      candidates.append((workload, ip, targetPort))
    }
    let exposing = candidates.count
    let balancing = service.loadBalancing ?? LoadBalancing()
    let healthy = candidates.filter { $0.workload.status == .healthy }
    if balancing.healthPolicy == .onlyHealthy || !healthy.isEmpty { candidates = healthy }
    let alive = candidates.count
    candidates = preferLocality(candidates, balancing)
    guard let chosen = chooser.choose(candidates) else {
      let why =
        exposing == 0
        ? "no endpoint exposes port \(port)"
        : alive == 0
          ? "\(exposing) endpoint(s) expose port \(port) but none is healthy"
          : "no endpoint matches the strict routing preference \(balancing.routingPreference.map(\.rawValue))"
      return .failure(
        .init(
          .noHealthyEndpoint, "service \(service.resourceName) port \(port): \(why)",
          destination: RouteDestination(service: service)))
    }
    return .success(chosen)
  }

  /// Service port → the port on the workload: the workload's own mapping for this service,
  /// else the service's. A zero target port is a named port the control plane could not resolve
  /// for this workload: the workload is no endpoint for that port (guessing could reach the
  /// wrong process). nil when neither declares the port.
  static func targetPort(of workload: Workload, in service: Service, for port: UInt16) -> UInt16? {
    let mapping =
      workload.services[service.resourceName]?.first { $0.servicePort == port }
      ?? service.ports.first { $0.servicePort == port }
    guard let mapping else { return nil }
    return mapping.targetPort == 0 ? nil : mapping.targetPort
  }

  /// Istio's routing preference: rank endpoints by how many leading scopes they share with the
  /// source; FAILOVER (and unspecified) keeps the best rank, STRICT only full matches.
  func preferLocality(_ candidates: [Endpoint], _ balancing: LoadBalancing) -> [Endpoint] {
    let scopes = balancing.routingPreference
    guard !scopes.isEmpty, !candidates.isEmpty else { return candidates }
    let ranked = candidates.map { (rank: rank($0.workload, scopes), endpoint: $0) }
    if balancing.mode == .strict {
      return ranked.filter { $0.rank == scopes.count }.map(\.endpoint)
    }
    let best = ranked.map(\.rank).max() ?? 0
    return ranked.filter { $0.rank == best }.map(\.endpoint)
  }

  private func rank(_ workload: Workload, _ scopes: [LoadBalancing.Scope]) -> Int {
    guard let source else { return 0 }
    var matched = 0
    for scope in scopes {
      let same: Bool
      switch scope {
      case .network: same = workload.network == source.network
      case .region: same = workload.locality?.region == source.locality?.region
      case .zone: same = workload.locality?.zone == source.locality?.zone
      case .subzone: same = workload.locality?.subzone == source.locality?.subzone
      case .node: same = workload.node == source.node
      case .cluster: same = workload.clusterID == source.clusterID
      }
      guard same else { break }
      matched += 1
    }
    return matched
  }
}
