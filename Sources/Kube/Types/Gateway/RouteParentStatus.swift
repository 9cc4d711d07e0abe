/// One `status.parents` entry of a route: what one controller says about the route's attachment
/// to one parent.
public struct RouteParentStatus: JSONObjectConvertible {
  public var parentRef: ParentReference
  /// The controller writing this entry (each controller owns only its own entries).
  public var controllerName: String
  /// `Accepted`, `ResolvedRefs`, ...
  public var conditions: [Condition]
  public var otherFields: [String: JSONValue]

  public init(
    parentRef: ParentReference, controllerName: String, conditions: [Condition] = [],
    otherFields: [String: JSONValue] = [:]
  ) {
    self.parentRef = parentRef
    self.controllerName = controllerName
    self.conditions = conditions
    self.otherFields = otherFields
  }

  public init?(json: JSONValue) {
    guard let members = json.objectValue, let parentRef = json["parentRef"].flatMap(ParentReference.init(json:))
    else { return nil }
    self.init(
      parentRef: parentRef, controllerName: json.string("controllerName") ?? "", conditions: json.list("conditions"),
      otherFields: members.removingKeys(["parentRef", "controllerName", "conditions"]))
  }

  public var json: JSONValue {
    var members = otherFields
    members["parentRef"] = parentRef.json
    members["controllerName"] = .string(controllerName)
    // Required by the schema, so written even when empty.
    members["conditions"] = .array(conditions.map(\.json))
    return .object(members)
  }
}
