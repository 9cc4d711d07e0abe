import Shared

/// Gateway API `RequestRedirect`: unset fields keep the request's values.
///
/// Port rules (Gateway API `HTTPRequestRedirectFilter.port`): without a port, a redirect that
/// changes the scheme uses that scheme's well-known port, otherwise the port the client used (for
/// a mesh route, the Service port). The port is left out of `Location` when it is the scheme's
/// default (80 for http, 443 for https). The query string is kept.
enum RedirectBuilder {
  static func response(
    _ redirect: L7Redirect, request: L7Request, path: Substring, matchedPrefix: String?
  ) throws(PathRewriter.Problem) -> LocalResponse {
    let scheme = redirect.scheme ?? request.scheme
    let hostname = redirect.hostname ?? String(request.host)
    let port: Int
    if let explicit = redirect.port {
      port = explicit
    } else if let written = redirect.scheme {
      port = wellKnownPort(written) ?? request.destinationPort
    } else {
      port = request.destinationPort
    }
    let newPath =
      try redirect.path.map { modifier throws(PathRewriter.Problem) in
        try PathRewriter.rewrite(path, with: modifier, matchedPrefix: matchedPrefix)
      } ?? String(path)
    let authority = wellKnownPort(scheme) == port ? hostname : "\(hostname):\(port)"
    let location = "\(scheme)://\(authority)\(PathRewriter.target(path: newPath, query: request.query))"
    return LocalResponse(
      status: redirect.statusCode, headers: [L7Header(name: "location", value: location)],
      details: "via_route_redirect")
  }

  private static func wellKnownPort(_ scheme: String) -> Int? {
    switch scheme.lowercased() {
    case "http": 80
    case "https": 443
    default: nil
    }
  }
}
