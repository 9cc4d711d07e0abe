/// One `ports` entry of a container.
public struct ContainerPort: JSONObjectConvertible {
  /// The IANA service name a Service's `targetPort` can refer to.
  public var name: String?
  public var containerPort: Int
  /// `TCP` (the default), `UDP` or `SCTP`.
  public var `protocol`: String
  public var hostPort: Int?
  public var otherFields: [String: JSONValue]

  public init(
    name: String? = nil, containerPort: Int, protocol: String = "TCP", hostPort: Int? = nil,
    otherFields: [String: JSONValue] = [:]
  ) {
    self.name = name
    self.containerPort = containerPort
    self.protocol = `protocol`
    self.hostPort = hostPort
    self.otherFields = otherFields
  }

  public init?(json: JSONValue) {
    guard let members = json.objectValue, let port = json.int("containerPort") else { return nil }
    self.name = json.string("name")
    self.containerPort = port
    self.protocol = json.string("protocol") ?? "TCP"
    self.hostPort = json.int("hostPort")
    self.otherFields = members.removingKeys(["name", "containerPort", "protocol", "hostPort"])
  }

  public var json: JSONValue {
    var members = otherFields
    members["name"] = .text(name)
    members["containerPort"] = .integer(containerPort)
    members["protocol"] = .string(`protocol`)
    members["hostPort"] = .integer(hostPort)
    return .object(members)
  }
}
