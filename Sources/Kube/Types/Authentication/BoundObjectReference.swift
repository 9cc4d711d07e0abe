/// `spec.boundObjectRef` of a TokenRequest: the object (a Pod) whose deletion invalidates the token.
public struct BoundObjectReference: JSONObjectConvertible {
  /// `Pod` or `Secret`.
  public var kind: String
  public var apiVersion: String
  public var name: String
  public var uid: String?
  public var otherFields: [String: JSONValue]

  public init(
    kind: String, apiVersion: String = "v1", name: String, uid: String? = nil, otherFields: [String: JSONValue] = [:]
  ) {
    self.kind = kind
    self.apiVersion = apiVersion
    self.name = name
    self.uid = uid
    self.otherFields = otherFields
  }

  /// A reference to a Pod, which binds the token to the pod's lifetime.
  public static func pod(name: String, uid: String? = nil) -> BoundObjectReference {
    BoundObjectReference(kind: "Pod", name: name, uid: uid)
  }

  public init?(json: JSONValue) {
    guard let members = json.objectValue, let name = json.string("name") else { return nil }
    self.kind = json.string("kind") ?? ""
    self.apiVersion = json.string("apiVersion") ?? ""
    self.name = name
    self.uid = json.string("uid")
    self.otherFields = members.removingKeys(["kind", "apiVersion", "name", "uid"])
  }

  public var json: JSONValue {
    var members = otherFields
    members["kind"] = .string(kind)
    members["apiVersion"] = apiVersion.isEmpty ? nil : .string(apiVersion)
    members["name"] = .string(name)
    members["uid"] = .text(uid)
    return .object(members)
  }
}
