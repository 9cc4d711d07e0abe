/// An Istio RequestAuthentication (`security.istio.io`): which JWTs a workload (or waypoint)
/// verifies. Requests with an invalid token are rejected; requests without one pass through
/// to authorization, which decides whether a token was required.
public struct RequestAuthentication: IstioPolicyResource {
  public static let resourceType = ResourceType.requestAuthentication
  public var object: KubeObject

  public init(_ object: KubeObject) { self.object = object }

  public var jwtRules: [JWTRule] {
    get { spec.list("jwtRules") }
    set { setField(.list(newValue), "spec", "jwtRules") }
  }
}
