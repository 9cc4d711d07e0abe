/// One entry of a pod spec's `containers` (or `initContainers`).
public struct Container: JSONObjectConvertible {
  public var name: String
  public var image: String?
  /// The entrypoint; empty means the image's.
  public var command: [String]
  public var args: [String]
  public var ports: [ContainerPort]
  /// `env`, `resources`, probes, mounts, ... kept as written.
  public var otherFields: [String: JSONValue]

  public init(
    name: String, image: String? = nil, command: [String] = [], args: [String] = [], ports: [ContainerPort] = [],
    otherFields: [String: JSONValue] = [:]
  ) {
    self.name = name
    self.image = image
    self.command = command
    self.args = args
    self.ports = ports
    self.otherFields = otherFields
  }

  public init?(json: JSONValue) {
    guard let members = json.objectValue, let name = json.string("name") else { return nil }
    self.name = name
    self.image = json.string("image")
    self.command = json.strings("command")
    self.args = json.strings("args")
    self.ports = json.list("ports")
    self.otherFields = members.removingKeys(["name", "image", "command", "args", "ports"])
  }

  public var json: JSONValue {
    var members = otherFields
    members["name"] = .string(name)
    members["image"] = .text(image)
    members["command"] = .strings(command)
    members["args"] = .strings(args)
    members["ports"] = .list(ports)
    return .object(members)
  }
}
