extension L7Service {
  public var wire: Mesh_Waypoint_V1_WaypointService {
    .with {
      $0.key = key
      $0.name = name
      $0.namespace = namespace
      $0.hostname = hostname
      $0.ports = ports.map { port in
        .with {
          $0.port = UInt32(clamping: port.port)
          $0.name = port.name
          $0.protocol = port.protocol.wire
        }
      }
      $0.waypoint = waypoint
      $0.routes = routes.map(\.wire)
      if let defaultPolicy { $0.defaultPolicy = defaultPolicy.wire }
      $0.policies = policies.map(\.wire)
      $0.jwtProviders = jwtProviders.map(\.wire)
    }
  }

  /// Decodes a pushed service configuration. Anything unreadable rejects the whole resource: a
  /// waypoint running half of a Service's policies could let through what the rest would deny.
  public init(wire w: Mesh_Waypoint_V1_WaypointService) throws(WireDecodingError) {
    let r = "waypoint service \(w.key)"
    guard !w.hostname.isEmpty else { throw WireDecodingError(resource: r, field: "hostname", problem: "is empty") }
    guard w.key == "\(w.namespace)/\(w.hostname)" else {
      throw WireDecodingError(
        resource: r, field: "key", problem: "is not namespace/hostname (\(w.namespace)/\(w.hostname))")
    }
    var ports: [L7ServicePort] = []
    for (i, p) in w.ports.enumerated() {
      ports.append(
        L7ServicePort(
          port: Int(p.port), name: p.name,
          protocol: try L7Protocol(wire: p.protocol, resource: r, field: "ports[\(i)].protocol")))
    }
    var routes: [L7Route] = []
    for (i, route) in w.routes.enumerated() {
      routes.append(try L7Route(wire: route, resource: r, field: "routes[\(i)]"))
    }
    var policies: [L7AuthorizationPolicy] = []
    for (i, policy) in w.policies.enumerated() {
      policies.append(try L7AuthorizationPolicy(wire: policy, resource: r, field: "policies[\(i)]"))
    }
    var providers: [JWTProvider] = []
    for (i, provider) in w.jwtProviders.enumerated() {
      providers.append(try JWTProvider(wire: provider, resource: r, field: "jwt_providers[\(i)]"))
    }
    self.init(
      name: w.name, namespace: w.namespace, hostname: w.hostname, ports: ports, waypoint: w.waypoint,
      routes: routes,
      defaultPolicy: w.hasDefaultPolicy
        ? try L7RoutePolicy(wire: w.defaultPolicy, resource: r, field: "default_policy") : nil,
      policies: policies, jwtProviders: providers)
  }
}

extension L7Protocol {
  var wire: Mesh_Waypoint_V1_Protocol {
    switch self {
    case .tcp: .tcp
    case .http: .http
    case .http2: .http2
    }
  }

  init(wire: Mesh_Waypoint_V1_Protocol, resource: String, field: String) throws(WireDecodingError) {
    switch wire {
    case .tcp: self = .tcp
    case .http: self = .http
    case .http2: self = .http2
    case .unspecified: throw WireDecodingError(resource: resource, field: field, problem: "is unset")
    case .UNRECOGNIZED(let v): throw WireDecodingError(resource: resource, field: field, problem: "unknown value \(v)")
    }
  }
}

/// Durations travel as whole milliseconds; 0 means none.
enum WireMilliseconds {
  static func encode(_ duration: Duration?) -> UInt64 {
    guard let duration else { return 0 }
    let (seconds, attoseconds) = duration.components
    guard seconds >= 0 else { return 0 }
    return UInt64(seconds) * 1000 + UInt64(attoseconds / 1_000_000_000_000_000)
  }

  static func decode(_ milliseconds: UInt64) -> Duration? {
    milliseconds == 0 ? nil : .milliseconds(Int64(clamping: milliseconds))
  }
}
