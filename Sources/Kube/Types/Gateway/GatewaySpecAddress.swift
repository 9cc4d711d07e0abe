/// An address of a Gateway: requested in `spec.addresses`, or assigned in `status.addresses`
/// (same shape, so `GatewayStatusAddress` is the same type).
public struct GatewaySpecAddress: JSONObjectConvertible {
  /// `IPAddress` (the default), `Hostname`, or an implementation-specific type.
  public var type: String
  public var value: String
  public var otherFields: [String: JSONValue]

  public init(type: String = "IPAddress", value: String, otherFields: [String: JSONValue] = [:]) {
    self.type = type
    self.value = value
    self.otherFields = otherFields
  }

  public init?(json: JSONValue) {
    guard let members = json.objectValue, let value = json.string("value") else { return nil }
    self.init(
      type: json.string("type") ?? "IPAddress", value: value, otherFields: members.removingKeys(["type", "value"]))
  }

  public var json: JSONValue {
    var members = otherFields
    members["type"] = .string(type)
    members["value"] = .string(value)
    return .object(members)
  }
}

/// `status.addresses` entries have the same members as `spec.addresses` ones.
public typealias GatewayStatusAddress = GatewaySpecAddress
