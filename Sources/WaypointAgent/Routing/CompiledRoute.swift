import Shared

/// One `L7Route` ready to serve: matches compiled, weights summed.
struct CompiledRoute: Sendable {
  let route: L7Route
  /// A match whose regular expression does not compile is left out (and reported): which
  /// requests it was meant for cannot be known, so it takes none.
  let matches: [CompiledMatch]
  let totalWeight: Int

  /// `namespace/name#rule`, for logs and metrics.
  var name: String { "\(route.route)#\(route.ruleIndex)" }

  init(_ route: L7Route, problems: inout [String]) {
    self.route = route
    var compiled: [CompiledMatch] = []
    // Gateway API: a rule without matches matches every request (as `PathPrefix /`).
    let written = route.matches.isEmpty ? [L7RouteMatch()] : route.matches
    for (index, match) in written.enumerated() {
      do throws(CompiledRegex.Problem) {
        compiled.append(try CompiledMatch(match))
      } catch {
        problems.append(
          "route \(route.route) rule \(route.ruleIndex) match \(index): \(error.message); the match is ignored")
      }
    }
    matches = compiled
    totalWeight = route.backends.reduce(0) { $0 + max(0, $1.weight) }
  }

  func applies(toPort port: Int) -> Bool { route.port == nil || route.port == port }
}
