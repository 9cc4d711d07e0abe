/// `v1.ObjectReference` as EndpointSlices use it in `targetRef`: which Pod an endpoint is.
public struct ObjectReference: JSONObjectConvertible {
  public var kind: String
  public var namespace: String?
  public var name: String
  public var uid: String?
  public var apiVersion: String?
  public var otherFields: [String: JSONValue]

  public init(
    kind: String, namespace: String? = nil, name: String, uid: String? = nil, apiVersion: String? = nil,
    otherFields: [String: JSONValue] = [:]
  ) {
    self.kind = kind
    self.namespace = namespace
    self.name = name
    self.uid = uid
    self.apiVersion = apiVersion
    self.otherFields = otherFields
  }

  /// The reference to a Pod (or any object), as the EndpointSlice controller writes it.
  public init(to object: KubeObject) {
    self.init(
      kind: object.kind, namespace: object.namespace.isEmpty ? nil : object.namespace, name: object.name,
      uid: object.uid.isEmpty ? nil : object.uid)
  }

  public init?(json: JSONValue) {
    guard let members = json.objectValue, let name = json.string("name") else { return nil }
    self.kind = json.string("kind") ?? ""
    self.namespace = json.string("namespace")
    self.name = name
    self.uid = json.string("uid")
    self.apiVersion = json.string("apiVersion")
    self.otherFields = members.removingKeys(["kind", "namespace", "name", "uid", "apiVersion"])
  }

  public var json: JSONValue {
    var members = otherFields
    members["kind"] = kind.isEmpty ? nil : .string(kind)
    members["namespace"] = .text(namespace)
    members["name"] = .string(name)
    members["uid"] = .text(uid)
    members["apiVersion"] = .text(apiVersion)
    return .object(members)
  }
}
