/// `metadata.ownerReferences[]`: what garbage collection follows when an owner is deleted.
public struct OwnerReference: Sendable, Hashable {
  public var apiVersion: String
  public var kind: String
  public var name: String
  public var uid: String
  public var controller: Bool
  public var blockOwnerDeletion: Bool

  public init(
    apiVersion: String, kind: String, name: String, uid: String, controller: Bool = true,
    blockOwnerDeletion: Bool = true
  ) {
    self.apiVersion = apiVersion
    self.kind = kind
    self.name = name
    self.uid = uid
    self.controller = controller
    self.blockOwnerDeletion = blockOwnerDeletion
  }

  /// The reference a controller puts on what it creates for `owner`.
  public init(controlledBy owner: KubeObject) {
    self.init(apiVersion: owner.apiVersion, kind: owner.kind, name: owner.name, uid: owner.uid)
  }

  init?(json: JSONValue) {
    guard let uid = json["uid"]?.stringValue, let name = json["name"]?.stringValue else { return nil }
    self.apiVersion = json["apiVersion"]?.stringValue ?? ""
    self.kind = json["kind"]?.stringValue ?? ""
    self.name = name
    self.uid = uid
    self.controller = json["controller"]?.boolValue ?? false
    self.blockOwnerDeletion = json["blockOwnerDeletion"]?.boolValue ?? false
  }

  var json: JSONValue {
    [
      "apiVersion": .string(apiVersion), "kind": .string(kind), "name": .string(name), "uid": .string(uid),
      "controller": .bool(controller), "blockOwnerDeletion": .bool(blockOwnerDeletion),
    ]
  }
}
