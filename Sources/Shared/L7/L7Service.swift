/// Everything a waypoint needs to serve requests to one Service: pushed as one xDS resource
/// (`mesh.waypoint.v1.WaypointService`) so that a change to any route or policy of the Service
/// replaces its whole L7 configuration at once, never half of it.
public struct L7Service: Sendable, Hashable {
  /// `namespace/hostname`, the same key as the workload API's Service (one name per Service in
  /// both resource types, so an operator can line them up).
  public var key: String { "\(namespace)/\(hostname)" }
  public var name: String
  public var namespace: String
  public var hostname: String
  public var ports: [L7ServicePort]
  /// The waypoint Gateway serving the Service, `namespace/name`.
  public var waypoint: String
  /// In Gateway API precedence order: the waypoint takes the first route that matches.
  public var routes: [L7Route]
  /// From a VirtualService `http[]` entry without `match`: applies to every request of the
  /// Service; a route's own timeouts take precedence over its timeout.
  public var defaultPolicy: L7RoutePolicy?
  public var policies: [L7AuthorizationPolicy]
  public var jwtProviders: [JWTProvider]

  public init(
    name: String, namespace: String, hostname: String, ports: [L7ServicePort] = [], waypoint: String,
    routes: [L7Route] = [], defaultPolicy: L7RoutePolicy? = nil, policies: [L7AuthorizationPolicy] = [],
    jwtProviders: [JWTProvider] = []
  ) {
    self.name = name
    self.namespace = namespace
    self.hostname = hostname
    self.ports = ports
    self.waypoint = waypoint
    self.routes = routes
    self.defaultPolicy = defaultPolicy
    self.policies = policies
    self.jwtProviders = jwtProviders
  }
}
