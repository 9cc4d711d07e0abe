/// One `fromHeaders` entry of a JWT rule: a header the token may arrive in.
public struct JWTHeader: JSONObjectConvertible {
  public var name: String
  /// Stripped before the token, e.g. `Bearer ` (with the space).
  public var prefix: String?
  public var otherFields: [String: JSONValue]

  public init(name: String, prefix: String? = nil, otherFields: [String: JSONValue] = [:]) {
    self.name = name
    self.prefix = prefix
    self.otherFields = otherFields
  }

  public init?(json: JSONValue) {
    guard let members = json.objectValue, let name = json.string("name") else { return nil }
    self.init(name: name, prefix: json.string("prefix"), otherFields: members.removingKeys(["name", "prefix"]))
  }

  public var json: JSONValue {
    var members = otherFields
    members["name"] = .string(name)
    members["prefix"] = .text(prefix)
    return .object(members)
  }
}
