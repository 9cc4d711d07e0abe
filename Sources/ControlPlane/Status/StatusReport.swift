/// The verdict on one user object, as the control plane will state it in the object's
/// `status.conditions` (`Accepted`): the lead maps the translator's diagnostics to these.
public struct StatusReport: Sendable, Hashable {
  /// `AuthorizationPolicy`, `PeerAuthentication`, `RequestAuthentication` or `HTTPRoute`.
  public var kind: String
  public var namespace: String
  public var name: String
  public var accepted: Bool
  /// CamelCase, e.g. `Accepted`, `InvalidSelector`, `UnsupportedValue`.
  public var reason: String
  /// What the user should read and fix; names the field or value in question.
  public var message: String
  /// HTTPRoutes: the verdict per parent, written to `status.parents[]` (see `RouteStatusDecision`).
  public var routeParents: [RouteParentVerdict]

  public init(
    kind: String, namespace: String, name: String, accepted: Bool, reason: String, message: String,
    routeParents: [RouteParentVerdict] = []
  ) {
    self.routeParents = routeParents
    self.kind = kind
    self.namespace = namespace
    self.name = name
    self.accepted = accepted
    self.reason = reason
    self.message = message
  }

  /// `Kind namespace/name`, for logs.
  public var objectDescription: String { "\(kind) \(namespace)/\(name)" }
}
