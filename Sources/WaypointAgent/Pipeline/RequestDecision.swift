import Shared

/// What the proxy does with one request: answer it locally or forward it.
public enum RequestDecision: Sendable, Hashable {
  case respond(LocalResponse)
  case forward(ForwardPlan)
}

/// A response the waypoint produces itself (JWT 401, RBAC 403, 404, 500, redirect, fault abort).
public struct LocalResponse: Sendable, Hashable {
  public var status: Int
  public var headers: [L7Header]
  public var body: String
  /// A fault delay to wait before answering (the delay filter runs before the abort).
  public var delay: Duration?
  /// Envoy's response flag for access logs and metrics (`NR`, `FI`, `UAEX`, ... or `-`).
  public var responseFlag: String
  /// Envoy-style response code details (`rbac_access_denied_matched_policy[ns/name]`).
  public var details: String

  public init(
    status: Int, headers: [L7Header] = [], body: String = "", delay: Duration? = nil, responseFlag: String = "-",
    details: String
  ) {
    self.status = status
    self.headers = headers
    self.body = body
    self.delay = delay
    self.responseFlag = responseFlag
    self.details = details
  }

  /// A plain-text local reply with Envoy's headers.
  static func text(
    _ status: Int, _ body: String, flag: String = "-", details: String, headers: [L7Header] = [],
    delay: Duration? = nil
  ) -> LocalResponse {
    LocalResponse(
      status: status, headers: (body.isEmpty ? [] : [L7Header(name: "content-type", value: "text/plain")]) + headers,
      body: body, delay: delay, responseFlag: flag, details: details)
  }
}

/// Where and how to forward a request.
public struct ForwardPlan: Sendable, Hashable {
  /// The Service (`namespace/hostname`) and port to send to.
  public var serviceKey: String
  public var port: Int
  /// The route that matched (`namespace/name#rule`), `nil` for the Service's default route.
  public var route: String?
  public var requestRewrite: RequestRewrite
  public var responseEdits: [HeaderEdit]
  /// The whole request including retries; `nil`: no limit (Istio's default route timeout is off).
  public var timeout: Duration?
  public var retry: RetryPolicy
  /// Fault injection: wait this long before forwarding.
  public var faultDelay: Duration?
  /// `iss/sub` of the validated JWT, for logs and metrics.
  public var requestPrincipal: String?

  public init(
    serviceKey: String, port: Int, route: String? = nil, requestRewrite: RequestRewrite = RequestRewrite(),
    responseEdits: [HeaderEdit] = [], timeout: Duration? = nil, retry: RetryPolicy = .istioDefault,
    faultDelay: Duration? = nil, requestPrincipal: String? = nil
  ) {
    self.serviceKey = serviceKey
    self.port = port
    self.route = route
    self.requestRewrite = requestRewrite
    self.responseEdits = responseEdits
    self.timeout = timeout
    self.retry = retry
    self.faultDelay = faultDelay
    self.requestPrincipal = requestPrincipal
  }
}
