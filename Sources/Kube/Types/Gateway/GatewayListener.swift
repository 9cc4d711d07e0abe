/// One `spec.listeners` entry of a Gateway (Gateway API `Listener`). A waypoint has one, named
/// `mesh`, on port 15008 with protocol `HBONE`.
public struct GatewayListener: JSONObjectConvertible {
  public var name: String
  public var port: Int
  /// `HTTP`, `HTTPS`, `TLS`, `TCP`, `UDP`, or an implementation-specific one such as `HBONE`.
  public var `protocol`: String
  public var hostname: String?
  /// `allowedRoutes` as written (namespaces `from`/`selector`, `kinds`).
  public var allowedRoutes: JSONValue?
  /// `tls` and anything newer, as written.
  public var otherFields: [String: JSONValue]

  public init(
    name: String, port: Int, protocol: String, hostname: String? = nil, allowedRoutes: JSONValue? = nil,
    otherFields: [String: JSONValue] = [:]
  ) {
    self.name = name
    self.port = port
    self.protocol = `protocol`
    self.hostname = hostname
    self.allowedRoutes = allowedRoutes
    self.otherFields = otherFields
  }

  public init?(json: JSONValue) {
    guard let members = json.objectValue, let name = json.string("name"), let port = json.int("port") else {
      return nil
    }
    self.init(
      name: name, port: port, protocol: json.string("protocol") ?? "", hostname: json.string("hostname"),
      allowedRoutes: json["allowedRoutes"],
      otherFields: members.removingKeys(["name", "port", "protocol", "hostname", "allowedRoutes"]))
  }

  public var json: JSONValue {
    var members = otherFields
    members["name"] = .string(name)
    members["port"] = .integer(port)
    members["protocol"] = .string(`protocol`)
    members["hostname"] = .text(hostname)
    members["allowedRoutes"] = allowedRoutes
    return .object(members)
  }
}
