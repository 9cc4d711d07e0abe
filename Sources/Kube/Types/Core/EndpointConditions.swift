/// An endpoint's `conditions`. Each is optional on the wire; the `is...` readers apply the
/// documented meaning of absence (ready and serving unless said otherwise, not terminating).
public struct EndpointConditions: JSONObjectConvertible {
  public var ready: Bool?
  /// Like `ready`, but also true while terminating (so draining endpoints can still serve).
  public var serving: Bool?
  public var terminating: Bool?
  public var otherFields: [String: JSONValue]

  public init(
    ready: Bool? = nil, serving: Bool? = nil, terminating: Bool? = nil, otherFields: [String: JSONValue] = [:]
  ) {
    self.ready = ready
    self.serving = serving
    self.terminating = terminating
    self.otherFields = otherFields
  }

  public init?(json: JSONValue) {
    guard let members = json.objectValue else { return nil }
    self.ready = json.bool("ready")
    self.serving = json.bool("serving")
    self.terminating = json.bool("terminating")
    self.otherFields = members.removingKeys(["ready", "serving", "terminating"])
  }

  public var json: JSONValue {
    var members = otherFields
    members["ready"] = .flag(ready)
    members["serving"] = .flag(serving)
    members["terminating"] = .flag(terminating)
    return .object(members)
  }

  public var isReady: Bool { ready ?? true }
  public var isServing: Bool { serving ?? isReady }
  public var isTerminating: Bool { terminating ?? false }
}
