/// One `additionalPrinterColumns` entry: a column `kubectl get` shows for a custom resource.
public struct CustomResourceColumnDefinition: JSONObjectConvertible {
  public var name: String
  /// `string`, `integer`, `number`, `boolean` or `date`.
  public var type: String
  /// A simple JSONPath into the object, such as `.spec.gatewayClassName`.
  public var jsonPath: String
  public var description: String?
  /// 0 shows in the default view, higher only with `-o wide`.
  public var priority: Int?
  public var otherFields: [String: JSONValue]

  public init(
    name: String, type: String, jsonPath: String, description: String? = nil, priority: Int? = nil,
    otherFields: [String: JSONValue] = [:]
  ) {
    self.name = name
    self.type = type
    self.jsonPath = jsonPath
    self.description = description
    self.priority = priority
    self.otherFields = otherFields
  }

  public init?(json: JSONValue) {
    guard let members = json.objectValue, let name = json.string("name"), let jsonPath = json.string("jsonPath")
    else { return nil }
    self.init(
      name: name, type: json.string("type") ?? "string", jsonPath: jsonPath, description: json.string("description"),
      priority: json.int("priority"),
      otherFields: members.removingKeys(["name", "type", "jsonPath", "description", "priority"]))
  }

  public var json: JSONValue {
    var members = otherFields
    members["name"] = .string(name)
    members["type"] = .string(type)
    members["jsonPath"] = .string(jsonPath)
    members["description"] = .text(description)
    members["priority"] = .integer(priority)
    return .object(members)
  }
}
