/// One HTTPRoute rule as the waypoint applies it: if any match holds, the filters run and the
/// request goes to one backend picked by weight.
public struct L7Route: Sendable, Hashable {
  /// `namespace/name` of the HTTPRoute, for logs and metrics.
  public var route: String
  public var ruleIndex: Int
  /// The service port the parentRef names; `nil`: every port.
  public var port: Int?
  public var matches: [L7RouteMatch]
  public var filters: [L7Filter]
  public var backends: [L7Backend]
  /// The whole request, retries included (`timeouts.request`).
  public var requestTimeout: Duration?
  /// One attempt to a backend (`timeouts.backendRequest`).
  public var backendRequestTimeout: Duration?

  public init(
    route: String, ruleIndex: Int, port: Int? = nil, matches: [L7RouteMatch] = [L7RouteMatch()],
    filters: [L7Filter] = [], backends: [L7Backend] = [], requestTimeout: Duration? = nil,
    backendRequestTimeout: Duration? = nil
  ) {
    self.route = route
    self.ruleIndex = ruleIndex
    self.port = port
    self.matches = matches
    self.filters = filters
    self.backends = backends
    self.requestTimeout = requestTimeout
    self.backendRequestTimeout = backendRequestTimeout
  }
}
