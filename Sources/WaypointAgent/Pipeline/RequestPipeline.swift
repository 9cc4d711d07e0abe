import Foundation
import Shared

/// The one decision the proxy asks for per request, in Istio's (Envoy's) filter order:
/// path normalization → JWT authentication → RBAC → fault injection → router (route match,
/// redirect, backend pick). Pure: time and randomness are passed in.
public enum RequestPipeline {
  public static func decide(
    _ request: L7Request, service: CompiledService, now: Date, random: inout some RandomNumberGenerator
  ) -> RequestDecision {
    let path: Substring
    do throws(PathNormalizer.Problem) {
      path = try PathNormalizer.normalize(request.path)
    } catch {
      return .respond(.text(400, "Bad Request", details: "path_normalization_failed"))
    }
    var rewrite = RequestRewrite()
    if path != request.path { rewrite.target = PathRewriter.target(path: String(path), query: request.query) }

    let authentication = service.jwt.authenticate(request, now: now)
    if case .rejected(let failure) = authentication {
      return .respond(unauthorized(failure, request: request, path: path))
    }
    let jwt = authentication.verified
    if case .verified(_, let edits) = authentication { rewrite.headerEdits += edits }

    if case .deny(let policy) = service.authorization.evaluate(request, path: path, jwt: jwt) {
      return .respond(
        .text(
          403, L7AuthorizationEvaluator.deniedBody, flag: "RBAC",
          details: "rbac_access_denied_matched_policy[\(policy ?? "none")]"))
    }

    let fault = FaultInjection.decide(service.service.defaultPolicy?.fault, random: &random)
    if let status = fault.abortStatus {
      return .respond(
        .text(status, "fault filter abort", flag: "FI", details: "fault_filter_abort", delay: fault.delay))
    }

    var plan = ForwardPlan(
      serviceKey: service.key, port: request.destinationPort, requestPrincipal: jwt?.principal)
    plan.faultDelay = fault.delay
    let route: L7Route?
    switch service.matcher.match(request, path: path) {
    case .noMatch:
      return .respond(
        LocalResponse(status: 404, delay: fault.delay, responseFlag: "NR", details: "route_not_found"))
    case .passthrough:
      route = nil
    case .matched(let compiled, let match):
      route = compiled.route
      plan.route = compiled.name
      switch RouteFilters.apply(
        compiled.route.filters, request: request, path: path, matchedPrefix: match.replaceablePrefix)
      {
      case .redirect(var response):
        response.delay = fault.delay
        return .respond(response)
      case .failure(let reason):
        return .respond(serverError(reason, delay: fault.delay))
      case .forward(let routeRewrite, let responseEdits):
        rewrite.headerEdits += routeRewrite.headerEdits
        if let authority = routeRewrite.authority { rewrite.authority = authority }
        if let target = routeRewrite.target { rewrite.target = target }
        plan.responseEdits = responseEdits
      }
      switch BackendPicker.pick(compiled.route.backends, totalWeight: compiled.totalWeight, random: &random) {
      case .failure(let reason):
        return .respond(serverError(reason, delay: fault.delay))
      case .service(let key, let port):
        plan.serviceKey = key
        plan.port = port
      }
    }
    plan.requestRewrite = rewrite
    plan.timeout = TimeoutSelection.request(route: route, defaults: service.service.defaultPolicy)
    plan.retry = service.retry
    plan.retry.perTryTimeout = TimeoutSelection.perTry(route: route, retry: service.retry)
    return .forward(plan)
  }

  /// Envoy's jwt_authn rejection: 401, the status text as body, and a `WWW-Authenticate`
  /// challenge naming the request (RFC 6750 §3).
  static func unauthorized(_ failure: JWTFailure, request: L7Request, path: Substring) -> LocalResponse {
    let realm = "\(request.scheme)://\(request.authority)\(path)"
    return .text(
      401, failure.status.rawValue, details: "jwt_authn_access_denied{\(failure.status.rawValue)}",
      headers: [L7Header(name: "www-authenticate", value: "Bearer realm=\"\(realm)\", error=\"invalid_token\"")])
  }

  /// A route that cannot be served (invalid backend, broken rewrite): 500, never a silent reroute.
  static func serverError(_ reason: String, delay: Duration?) -> LocalResponse {
    LocalResponse(status: 500, delay: delay, responseFlag: "-", details: "route_configuration_error{\(reason)}")
  }
}
