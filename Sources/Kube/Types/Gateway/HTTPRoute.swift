/// An HTTPRoute (Gateway API): L7 routing that a waypoint applies to traffic for the Services
/// (or through the Gateways) named in `parentRefs`.
public struct HTTPRoute: KubeResource {
  public static let resourceType = ResourceType.httpRoute
  public var object: KubeObject

  public init(_ object: KubeObject) { self.object = object }

  public var parentRefs: [ParentReference] {
    get { (field("spec", "parentRefs")?.arrayValue ?? []).compactMap { ParentReference(json: $0) } }
    set { setField(.list(newValue), "spec", "parentRefs") }
  }

  /// Host names the route answers for; empty means any.
  public var hostnames: [String] {
    get { field("spec").map { $0.strings("hostnames") } ?? [] }
    set { setField(.strings(newValue), "spec", "hostnames") }
  }

  /// `spec.rules` as written.
  public var rules: [JSONValue] {
    get { field("spec", "rules")?.arrayValue ?? [] }
    set { setField(newValue.isEmpty ? nil : .array(newValue), "spec", "rules") }
  }

  /// `spec.rules` read as `HTTPRouteRule`s, with the schema defaults applied (a rule without
  /// matches matches everything). Non-object entries are skipped.
  public var routeRules: [HTTPRouteRule] {
    get { rules.compactMap { HTTPRouteRule(json: $0) } }
    set { rules = newValue.map(\.json) }
  }
}
