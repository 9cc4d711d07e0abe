/// Which route serves a request.
enum RouteDecision: Sendable {
  /// The first route (in precedence order) with a matching `matches` entry.
  case matched(CompiledRoute, CompiledMatch)
  /// No route is attached to the Service port: the request goes to the Service as addressed
  /// (Istio waypoints route such requests to the original destination).
  case passthrough
  /// Routes exist for the port but none matches: 404 (Gateway API; Envoy's `NR`).
  case noMatch
}
