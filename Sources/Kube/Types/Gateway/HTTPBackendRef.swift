/// One `backendRefs` entry of an HTTPRoute rule: where matching requests go, and with what share.
public struct HTTPBackendRef: JSONObjectConvertible {
  /// Empty (the core group, a Service) by default.
  public var group: String
  /// `Service` by default.
  public var kind: String
  public var name: String
  /// `nil` means the route's own namespace (another one needs a ReferenceGrant).
  public var namespace: String?
  /// The Service port; required when the backend is a Service.
  public var port: Int?
  /// Relative share of traffic; 1 by default, 0 sends none.
  public var weight: Int
  /// `filters` as written (per-backend header modifiers, ...).
  public var filters: [JSONValue]
  public var otherFields: [String: JSONValue]

  public init(
    group: String = "", kind: String = "Service", name: String, namespace: String? = nil, port: Int? = nil,
    weight: Int = 1, filters: [JSONValue] = [], otherFields: [String: JSONValue] = [:]
  ) {
    self.group = group
    self.kind = kind
    self.name = name
    self.namespace = namespace
    self.port = port
    self.weight = weight
    self.filters = filters
    self.otherFields = otherFields
  }

  /// Applies the schema defaults (core group, `Service`, weight 1).
  public init?(json: JSONValue) {
    guard let members = json.objectValue, let name = json.string("name") else { return nil }
    self.init(
      group: json.string("group") ?? "", kind: json.string("kind") ?? "Service", name: name,
      namespace: json.string("namespace"), port: json.int("port"), weight: json.int("weight") ?? 1,
      filters: json["filters"]?.arrayValue ?? [],
      otherFields: members.removingKeys(["group", "kind", "name", "namespace", "port", "weight", "filters"]))
  }

  public var json: JSONValue {
    var members = otherFields
    members["group"] = .string(group)
    members["kind"] = .string(kind)
    members["name"] = .string(name)
    members["namespace"] = .text(namespace)
    members["port"] = .integer(port)
    members["weight"] = .integer(weight)
    members["filters"] = filters.isEmpty ? nil : .array(filters)
    return .object(members)
  }
}
