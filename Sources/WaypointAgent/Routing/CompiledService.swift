import Shared

/// A Service's whole L7 configuration prepared once per xDS push: regular expressions compiled,
/// JWKS keys converted, policies parsed, so the per-request path only matches.
///
/// Anything that could not be prepared is listed in `problems` (for the config dump and logs)
/// and fails closed as each part documents.
public struct CompiledService: Sendable {
  public let service: L7Service
  let matcher: RouteMatcher
  let authorization: L7AuthorizationEvaluator
  let jwt: JWTValidator
  /// The Service's VirtualService defaults (Istio's default retry policy when it has none).
  let retry: RetryPolicy
  public let problems: [String]

  public var key: String { service.key }

  public init(_ service: L7Service) {
    self.service = service
    var problems: [String] = []
    let routes = service.routes.map { CompiledRoute($0, problems: &problems) }
    matcher = RouteMatcher(routes: routes)
    authorization = L7AuthorizationEvaluator(policies: service.policies)
    jwt = JWTValidator(providers: service.jwtProviders)
    retry = RetryPolicy(service.defaultPolicy?.retry)
    problems += authorization.problems + jwt.problems
    if !retry.ignoredTokens.isEmpty {
      problems.append(
        "retries.retryOn: \(retry.ignoredTokens.joined(separator: ", ")) not supported by this waypoint; ignored")
    }
    self.problems = problems
  }
}
