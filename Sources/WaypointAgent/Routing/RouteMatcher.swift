/// Picks the route for a request: routes arrive in Gateway API precedence order from the control
/// plane, so the first one whose port applies and one of whose matches holds wins.
struct RouteMatcher: Sendable {
  let routes: [CompiledRoute]
  /// Ports some route is attached to; `routeAllPorts` when a route names no port.
  private let routedPorts: Set<Int>
  private let routeAllPorts: Bool

  init(routes: [CompiledRoute]) {
    self.routes = routes
    routedPorts = Set(routes.compactMap(\.route.port))
    routeAllPorts = routes.contains { $0.route.port == nil }
  }

  /// `path` is the normalized request path without its query.
  func match(_ request: L7Request, path: Substring) -> RouteDecision {
    guard routeAllPorts || routedPorts.contains(request.destinationPort) else { return .passthrough }
    for route in routes where route.applies(toPort: request.destinationPort) {
      for match in route.matches where match.matches(request, path: path) {
        return .matched(route, match)
      }
    }
    return .noMatch
  }
}
