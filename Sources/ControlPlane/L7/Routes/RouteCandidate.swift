import Shared

/// One (rule, match) of an HTTPRoute attached to one Service, with what Gateway API precedence
/// sorts it by.
struct RouteCandidate: Sendable {
  var route: L7Route
  /// The route's `creationTimestamp` as written (RFC 3339 sorts as text), empty when unknown.
  var createdAt: String
  /// `namespace/name` of the HTTPRoute.
  var routeKey: String
  var matchIndex: Int

  /// Gateway API HTTPRoute precedence (https://gateway-api.sigs.k8s.io/reference/spec/#httprouterule):
  /// an exact path, then the longest prefix, then a method, then the most header matches, then the
  /// most query parameter matches; ties go to the oldest route, then `namespace/name`, then rule
  /// and match order. Regular expressions are implementation-specific; like Istio they come after
  /// exact paths and before prefixes.
  static func precedes(_ a: RouteCandidate, _ b: RouteCandidate) -> Bool {
    let ma = a.route.matches[0]
    let mb = b.route.matches[0]
    func pathRank(_ m: L7RouteMatch) -> Int {
      switch m.path.kind {
      case .exact: 2
      case .regularExpression: 1
      case .prefix: 0
      }
    }
    if pathRank(ma) != pathRank(mb) { return pathRank(ma) > pathRank(mb) }
    if ma.path.kind == .prefix, ma.path.value.count != mb.path.value.count {
      return ma.path.value.count > mb.path.value.count
    }
    if (ma.method != nil) != (mb.method != nil) { return ma.method != nil }
    if ma.headers.count != mb.headers.count { return ma.headers.count > mb.headers.count }
    if ma.queryParams.count != mb.queryParams.count { return ma.queryParams.count > mb.queryParams.count }
    if a.createdAt != b.createdAt {
      if a.createdAt.isEmpty || b.createdAt.isEmpty { return !a.createdAt.isEmpty }
      return a.createdAt < b.createdAt
    }
    if a.routeKey != b.routeKey { return a.routeKey < b.routeKey }
    if a.route.ruleIndex != b.route.ruleIndex { return a.route.ruleIndex < b.route.ruleIndex }
    return a.matchIndex < b.matchIndex
  }
}
