extension LoadBalancing {
  private static let scopes: [(Scope, Istio_Workload_LoadBalancing.Scope)] = [
    (.region, .region), (.zone, .zone), (.subzone, .subzone), (.node, .node), (.cluster, .cluster),
    (.network, .network),
  ]
  private static let modes: [(Mode, Istio_Workload_LoadBalancing.Mode)] = [
    (.unspecified, .unspecifiedMode), (.strict, .strict), (.failover, .failover), (.passthrough, .passthrough),
  ]

  var wire: Istio_Workload_LoadBalancing {
    .with {
      $0.routingPreference = routingPreference.map { s in Self.scopes.first { $0.0 == s }!.1 }
      $0.mode = Self.modes.first { $0.0 == mode }!.1
      $0.healthPolicy = healthPolicy == .allowAll ? .allowAll : .onlyHealthy
    }
  }

  init(wire lb: Istio_Workload_LoadBalancing, resource: String) throws(WireDecodingError) {
    var prefs: [Scope] = []
    for (i, s) in lb.routingPreference.enumerated() {
      guard let scope = Self.scopes.first(where: { $0.1 == s })?.0 else {
        throw WireDecodingError(
          resource: resource, field: "load_balancing.routing_preference[\(i)]", problem: "unknown scope \(s)")
      }
      prefs.append(scope)
    }
    guard let mode = Self.modes.first(where: { $0.1 == lb.mode })?.0 else {
      throw WireDecodingError(resource: resource, field: "load_balancing.mode", problem: "unknown mode \(lb.mode)")
    }
    let health: HealthPolicy
    switch lb.healthPolicy {
    case .onlyHealthy: health = .onlyHealthy
    case .allowAll: health = .allowAll
    case .UNRECOGNIZED(let v):
      throw WireDecodingError(resource: resource, field: "load_balancing.health_policy", problem: "unknown value \(v)")
    }
    self.init(routingPreference: prefs, mode: mode, healthPolicy: health)
  }
}
