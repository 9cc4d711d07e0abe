/// One `spec.ports` entry of a Service (named `...Spec` to stay apart from the mesh model's
/// `Shared.ServicePort`).
public struct ServicePortSpec: JSONObjectConvertible {
  /// Required when a Service has several ports; EndpointSlice ports are matched by it.
  public var name: String?
  public var port: Int
  /// Where traffic goes on the pod: a number, or a container port name; `nil` means `port`.
  public var targetPort: IntOrString?
  /// `TCP` (the default), `UDP` or `SCTP`.
  public var `protocol`: String
  /// `http`, `http2`, `grpc`, `kubernetes.io/h2c`, ...: how the mesh may treat the traffic.
  public var appProtocol: String?
  public var nodePort: Int?
  public var otherFields: [String: JSONValue]

  public init(
    name: String? = nil, port: Int, targetPort: IntOrString? = nil, protocol: String = "TCP",
    appProtocol: String? = nil, nodePort: Int? = nil, otherFields: [String: JSONValue] = [:]
  ) {
    self.name = name
    self.port = port
    self.targetPort = targetPort
    self.protocol = `protocol`
    self.appProtocol = appProtocol
    self.nodePort = nodePort
    self.otherFields = otherFields
  }

  public init?(json: JSONValue) {
    guard let members = json.objectValue, let port = json.int("port") else { return nil }
    self.name = json.string("name")
    self.port = port
    self.targetPort = json["targetPort"].flatMap(IntOrString.init(json:))
    self.protocol = json.string("protocol") ?? "TCP"
    self.appProtocol = json.string("appProtocol")
    self.nodePort = json.int("nodePort")
    self.otherFields = members.removingKeys(["name", "port", "targetPort", "protocol", "appProtocol", "nodePort"])
  }

  public var json: JSONValue {
    var members = otherFields
    members["name"] = .text(name)
    members["port"] = .integer(port)
    members["targetPort"] = targetPort?.json
    members["protocol"] = .string(`protocol`)
    members["appProtocol"] = .text(appProtocol)
    members["nodePort"] = .integer(nodePort)
    return .object(members)
  }

  /// `targetPort`, or `port` when unset (the API server's default).
  public var effectiveTargetPort: IntOrString { targetPort ?? .int(port) }
}
