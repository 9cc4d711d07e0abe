extension Service {
  public var wire: Istio_Workload_Service {
    .with {
      $0.name = name
      $0.namespace = namespace
      $0.hostname = hostname
      $0.addresses = addresses.map(\.wire)
      $0.ports = ports.map(\.wire)
      $0.subjectAltNames = subjectAltNames
      if let waypoint { $0.waypoint = waypoint.wire }
      if let loadBalancing { $0.loadBalancing = loadBalancing.wire }
      $0.ipFamilies = ipFamilies.wire
    }
  }

  public init(wire s: Istio_Workload_Service) throws(WireDecodingError) {
    let r = "service \(s.namespace)/\(s.hostname)"
    guard !s.hostname.isEmpty else { throw WireDecodingError(resource: r, field: "hostname", problem: "is empty") }
    var addresses: [NetworkAddress] = []
    for (i, a) in s.addresses.enumerated() {
      addresses.append(try NetworkAddress(wire: a, resource: r, field: "addresses[\(i)]"))
    }
    var ports: [ServicePort] = []
    for (i, p) in s.ports.enumerated() {
      ports.append(try ServicePort(wire: p, resource: r, field: "ports[\(i)]"))
    }
    self.init(
      name: s.name, namespace: s.namespace, hostname: s.hostname, addresses: addresses, ports: ports,
      subjectAltNames: s.subjectAltNames,
      waypoint: s.hasWaypoint ? try GatewayAddress(wire: s.waypoint, resource: r, field: "waypoint") : nil,
      loadBalancing: s.hasLoadBalancing ? try LoadBalancing(wire: s.loadBalancing, resource: r) : nil,
      ipFamilies: try IPFamilies(wire: s.ipFamilies, resource: r))
  }
}

extension IPFamilies {
  var wire: Istio_Workload_IPFamilies {
    switch self {
    case .automatic: .automatic
    case .ipv4Only: .ipv4Only
    case .ipv6Only: .ipv6Only
    case .dual: .dual
    }
  }

  init(wire: Istio_Workload_IPFamilies, resource: String) throws(WireDecodingError) {
    switch wire {
    case .automatic: self = .automatic
    case .ipv4Only: self = .ipv4Only
    case .ipv6Only: self = .ipv6Only
    case .dual: self = .dual
    case .UNRECOGNIZED(let v):
      throw WireDecodingError(resource: resource, field: "ip_families", problem: "unknown value \(v)")
    }
  }
}
