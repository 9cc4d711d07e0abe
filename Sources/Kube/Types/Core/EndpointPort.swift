/// One `ports` entry of an EndpointSlice: the port number behind the Service port of the same name.
public struct EndpointPort: JSONObjectConvertible {
  /// Matches the Service port's `name` (empty for an unnamed single port).
  public var name: String?
  /// `nil` means "all ports", which Kubernetes allows for selector-less slices.
  public var port: Int?
  public var `protocol`: String
  public var appProtocol: String?
  public var otherFields: [String: JSONValue]

  public init(
    name: String? = nil, port: Int?, protocol: String = "TCP", appProtocol: String? = nil,
    otherFields: [String: JSONValue] = [:]
  ) {
    self.name = name
    self.port = port
    self.protocol = `protocol`
    self.appProtocol = appProtocol
    self.otherFields = otherFields
  }

  public init?(json: JSONValue) {
    guard let members = json.objectValue else { return nil }
    self.name = json.string("name")
    self.port = json.int("port")
    self.protocol = json.string("protocol") ?? "TCP"
    self.appProtocol = json.string("appProtocol")
    self.otherFields = members.removingKeys(["name", "port", "protocol", "appProtocol"])
  }

  public var json: JSONValue {
    var members = otherFields
    members["name"] = .text(name)
    members["port"] = .integer(port)
    members["protocol"] = .string(`protocol`)
    members["appProtocol"] = .text(appProtocol)
    return .object(members)
  }
}
