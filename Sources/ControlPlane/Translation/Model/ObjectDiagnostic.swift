/// What the control plane has to tell the author of one object: whether it was taken as written
/// and, if not, exactly what is wrong and where (field paths), so that it can be fixed without
/// reading the control plane's logs.
public struct ObjectDiagnostic: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// `AuthorizationPolicy`, `PeerAuthentication`, `Namespace`, `Pod`, `Service`, `Gateway`.
  public var kind: String
  /// Empty for cluster-scoped objects (Namespaces).
  public var namespace: String
  public var name: String
  /// `false`: rejected, or partly ignored in a way that changes what is enforced.
  public var accepted: Bool
  /// A CamelCase cause, one of the `ObjectDiagnostic.Reason` values.
  public var reason: String
  public var message: String
  /// HTTPRoutes only: the verdict per parent, which Gateway API puts in `status.parents[]`.
  public var routeParents: [RouteParentVerdict]

  public init(
    kind: String, namespace: String, name: String, accepted: Bool, reason: String, message: String,
    routeParents: [RouteParentVerdict] = []
  ) {
    self.kind = kind
    self.namespace = namespace
    self.name = name
    self.accepted = accepted
    self.reason = reason
    self.message = message
    self.routeParents = routeParents
  }

  /// The reasons translation reports.
  public enum Reason {
    public static let accepted = "Accepted"
    /// A value that is not one of the allowed ones, or not well formed.
    public static let invalidValue = "InvalidValue"
    /// A valid value this mesh does not implement (AUDIT, CUSTOM).
    public static let unsupportedValue = "UnsupportedValue"
    /// HTTP-level attributes that ztunnel cannot see; the policy is enforced at L4 only.
    public static let l7AttributesIgnored = "L7AttributesIgnored"
    /// A policy with `targetRefs`: the waypoint enforces it, ztunnel never sees it.
    public static let appliesAtWaypoint = "AppliesAtWaypoint"
    /// `istio.io/use-waypoint` names a Gateway that is missing, not a waypoint or has no address yet.
    public static let waypointNotReady = "WaypointNotReady"
    /// An object that another one takes precedence over (e.g. two namespace-wide PeerAuthentications).
    public static let conflict = "Conflict"
  }

  public static func < (lhs: ObjectDiagnostic, rhs: ObjectDiagnostic) -> Bool {
    (lhs.kind, lhs.namespace, lhs.name, lhs.reason, lhs.message)
      < (rhs.kind, rhs.namespace, rhs.name, rhs.reason, rhs.message)
  }

  public var description: String {
    let object = namespace.isEmpty ? "\(kind) \(name)" : "\(kind) \(namespace)/\(name)"
    return "\(object): \(accepted ? "accepted" : "not accepted") (\(reason)): \(message)"
  }
}
