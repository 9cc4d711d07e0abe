/// One `status.addresses` entry of a Node.
public struct NodeAddress: JSONObjectConvertible {
  /// `InternalIP`, `ExternalIP`, `Hostname`, ...
  public var type: String
  public var address: String
  public var otherFields: [String: JSONValue]

  public init(type: String, address: String, otherFields: [String: JSONValue] = [:]) {
    self.type = type
    self.address = address
    self.otherFields = otherFields
  }

  public init?(json: JSONValue) {
    guard let members = json.objectValue, let type = json.string("type"), let address = json.string("address")
    else { return nil }
    self.type = type
    self.address = address
    self.otherFields = members.removingKeys(["type", "address"])
  }

  public var json: JSONValue {
    var members = otherFields
    members["type"] = .string(type)
    members["address"] = .string(address)
    return .object(members)
  }
}
