/// A `headers` (or `queryParams`) entry of an HTTPRoute match.
public struct HTTPHeaderMatch: JSONObjectConvertible {
  /// `Exact` (the default) or `RegularExpression`.
  public var type: String
  /// Header names compare case-insensitively; query parameter names exactly.
  public var name: String
  public var value: String
  public var otherFields: [String: JSONValue]

  public init(type: String = "Exact", name: String, value: String, otherFields: [String: JSONValue] = [:]) {
    self.type = type
    self.name = name
    self.value = value
    self.otherFields = otherFields
  }

  public init?(json: JSONValue) {
    guard let members = json.objectValue, let name = json.string("name"), let value = json.string("value") else {
      return nil
    }
    self.init(
      type: json.string("type") ?? "Exact", name: name, value: value,
      otherFields: members.removingKeys(["type", "name", "value"]))
  }

  public var json: JSONValue {
    var members = otherFields
    members["type"] = .string(type)
    members["name"] = .string(name)
    members["value"] = .string(value)
    return .object(members)
  }
}

/// `queryParams` entries have the same members as `headers` ones.
public typealias HTTPQueryParamMatch = HTTPHeaderMatch
