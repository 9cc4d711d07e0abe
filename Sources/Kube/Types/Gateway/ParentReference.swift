/// One `parentRefs` entry of a route: the Gateway (or, for mesh routing, the Service) it attaches to.
public struct ParentReference: JSONObjectConvertible {
  /// `gateway.networking.k8s.io` by default; empty for a core-group Service.
  public var group: String
  /// `Gateway` by default, or `Service` for mesh (GAMMA) routes.
  public var kind: String
  /// `nil` means the route's own namespace.
  public var namespace: String?
  public var name: String
  /// Attach to the listener on this port (Gateway) or to this service port (Service) only.
  public var port: Int?
  /// Attach to the listener of this name only.
  public var sectionName: String?
  public var otherFields: [String: JSONValue]

  public static let defaultGroup = "gateway.networking.k8s.io"

  public init(
    group: String = ParentReference.defaultGroup, kind: String = "Gateway", namespace: String? = nil, name: String,
    port: Int? = nil, sectionName: String? = nil, otherFields: [String: JSONValue] = [:]
  ) {
    self.group = group
    self.kind = kind
    self.namespace = namespace
    self.name = name
    self.port = port
    self.sectionName = sectionName
    self.otherFields = otherFields
  }

  /// Applies the schema defaults for `group` and `kind`, as the API server would.
  public init?(json: JSONValue) {
    guard let members = json.objectValue, let name = json.string("name") else { return nil }
    self.init(
      group: json.string("group") ?? Self.defaultGroup, kind: json.string("kind") ?? "Gateway",
      namespace: json.string("namespace"), name: name, port: json.int("port"), sectionName: json.string("sectionName"),
      otherFields: members.removingKeys(["group", "kind", "namespace", "name", "port", "sectionName"]))
  }

  public var json: JSONValue {
    var members = otherFields
    members["group"] = .string(group)
    members["kind"] = .string(kind)
    members["namespace"] = .text(namespace)
    members["name"] = .string(name)
    members["port"] = .integer(port)
    members["sectionName"] = .text(sectionName)
    return .object(members)
  }

  /// Whether both name the same parent from a route in `routeNamespace` (an omitted namespace is
  /// the route's own), ignoring fields neither sets differently.
  public func refersToSameParent(as other: ParentReference, routeNamespace: String) -> Bool {
    group == other.group && kind == other.kind && name == other.name
      && (namespace ?? routeNamespace) == (other.namespace ?? routeNamespace) && port == other.port
      && sectionName == other.sectionName
  }
}
