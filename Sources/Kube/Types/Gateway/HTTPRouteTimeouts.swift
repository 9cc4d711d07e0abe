/// `timeouts` of an HTTPRoute rule, as Gateway API durations (`10s`, `500ms`, `1h2m`).
public struct HTTPRouteTimeouts: JSONObjectConvertible {
  /// The whole request, including retries.
  public var request: String?
  /// One attempt to the backend.
  public var backendRequest: String?
  public var otherFields: [String: JSONValue]

  public init(request: String? = nil, backendRequest: String? = nil, otherFields: [String: JSONValue] = [:]) {
    self.request = request
    self.backendRequest = backendRequest
    self.otherFields = otherFields
  }

  public init?(json: JSONValue) {
    guard let members = json.objectValue else { return nil }
    self.init(
      request: json.string("request"), backendRequest: json.string("backendRequest"),
      otherFields: members.removingKeys(["request", "backendRequest"]))
  }

  public var json: JSONValue {
    var members = otherFields
    members["request"] = .text(request)
    members["backendRequest"] = .text(backendRequest)
    return .object(members)
  }
}
