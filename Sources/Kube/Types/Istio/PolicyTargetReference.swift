/// One `targetRefs` entry of an Istio policy: the Gateway (waypoint), Service or GatewayClass the
/// policy attaches to, instead of a workload selector.
public struct PolicyTargetReference: JSONObjectConvertible {
  /// Empty for the core group (a Service).
  public var group: String
  public var kind: String
  public var name: String
  /// Only for cross-namespace references; `nil` means the policy's own namespace.
  public var namespace: String?
  public var otherFields: [String: JSONValue]

  public init(
    group: String = "", kind: String, name: String, namespace: String? = nil, otherFields: [String: JSONValue] = [:]
  ) {
    self.group = group
    self.kind = kind
    self.name = name
    self.namespace = namespace
    self.otherFields = otherFields
  }

  public init?(json: JSONValue) {
    guard let members = json.objectValue, let kind = json.string("kind"), let name = json.string("name") else {
      return nil
    }
    self.init(
      group: json.string("group") ?? "", kind: kind, name: name, namespace: json.string("namespace"),
      otherFields: members.removingKeys(["group", "kind", "name", "namespace"]))
  }

  public var json: JSONValue {
    var members = otherFields
    members["group"] = .string(group)
    members["kind"] = .string(kind)
    members["name"] = .string(name)
    members["namespace"] = .text(namespace)
    return .object(members)
  }
}
