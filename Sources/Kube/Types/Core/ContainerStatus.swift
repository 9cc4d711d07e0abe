/// One entry of a pod's `status.containerStatuses`: what `kubectl get pods` counts as READY and
/// RESTARTS.
public struct ContainerStatus: JSONObjectConvertible {
  public var name: String
  public var ready: Bool
  public var restartCount: Int
  public var started: Bool?
  public var image: String?
  public var containerID: String?
  /// `state`, `lastState`, `imageID`, ... kept as written.
  public var otherFields: [String: JSONValue]

  public init(
    name: String, ready: Bool, restartCount: Int = 0, started: Bool? = nil, image: String? = nil,
    containerID: String? = nil, otherFields: [String: JSONValue] = [:]
  ) {
    self.name = name
    self.ready = ready
    self.restartCount = restartCount
    self.started = started
    self.image = image
    self.containerID = containerID
    self.otherFields = otherFields
  }

  public init?(json: JSONValue) {
    guard let members = json.objectValue, let name = json.string("name") else { return nil }
    self.name = name
    self.ready = json.bool("ready") ?? false
    self.restartCount = json.int("restartCount") ?? 0
    self.started = json.bool("started")
    self.image = json.string("image")
    self.containerID = json.string("containerID")
    self.otherFields = members.removingKeys(["name", "ready", "restartCount", "started", "image", "containerID"])
  }

  public var json: JSONValue {
    var members = otherFields
    members["name"] = .string(name)
    members["ready"] = .bool(ready)
    members["restartCount"] = .integer(restartCount)
    members["started"] = .flag(started)
    members["image"] = .text(image)
    members["containerID"] = .text(containerID)
    return .object(members)
  }
}
