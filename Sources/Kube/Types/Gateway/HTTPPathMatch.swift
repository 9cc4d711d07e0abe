/// `path` of an HTTPRoute match.
public struct HTTPPathMatch: JSONObjectConvertible {
  /// `Exact`, `PathPrefix` (the default) or `RegularExpression`.
  public var type: String
  /// `/` by default.
  public var value: String
  public var otherFields: [String: JSONValue]

  public init(type: String = "PathPrefix", value: String = "/", otherFields: [String: JSONValue] = [:]) {
    self.type = type
    self.value = value
    self.otherFields = otherFields
  }

  /// Applies the schema defaults (`PathPrefix`, `/`).
  public init?(json: JSONValue) {
    guard let members = json.objectValue else { return nil }
    self.init(
      type: json.string("type") ?? "PathPrefix", value: json.string("value") ?? "/",
      otherFields: members.removingKeys(["type", "value"]))
  }

  public var json: JSONValue {
    var members = otherFields
    members["type"] = .string(type)
    members["value"] = .string(value)
    return .object(members)
  }
}
