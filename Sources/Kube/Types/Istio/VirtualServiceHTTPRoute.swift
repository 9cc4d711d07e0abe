/// One `spec.http` entry of a VirtualService: match conditions (kept as written) and the
/// resilience settings the waypoint applies.
public struct VirtualServiceHTTPRoute: JSONObjectConvertible {
  public var name: String?
  /// `match` as written; empty matches every request.
  public var match: [JSONValue]
  /// `timeout` as a protobuf duration string (`1.5s`, `300ms`... Istio accepts Go durations).
  public var timeout: String?
  public var retries: VirtualServiceRetries?
  public var fault: VirtualServiceFault?
  /// `route`, `redirect`, `rewrite`, `mirror`, `headers`, ... as written.
  public var otherFields: [String: JSONValue]

  public init(
    name: String? = nil, match: [JSONValue] = [], timeout: String? = nil, retries: VirtualServiceRetries? = nil,
    fault: VirtualServiceFault? = nil, otherFields: [String: JSONValue] = [:]
  ) {
    self.name = name
    self.match = match
    self.timeout = timeout
    self.retries = retries
    self.fault = fault
    self.otherFields = otherFields
  }

  public init?(json: JSONValue) {
    guard let members = json.objectValue else { return nil }
    self.init(
      name: json.string("name"), match: json["match"]?.arrayValue ?? [], timeout: json.string("timeout"),
      retries: json["retries"].flatMap(VirtualServiceRetries.init(json:)),
      fault: json["fault"].flatMap(VirtualServiceFault.init(json:)),
      otherFields: members.removingKeys(["name", "match", "timeout", "retries", "fault"]))
  }

  public var json: JSONValue {
    var members = otherFields
    members["name"] = .text(name)
    members["match"] = match.isEmpty ? nil : .array(match)
    members["timeout"] = .text(timeout)
    members["retries"] = retries?.json
    members["fault"] = fault?.json
    return .object(members)
  }
}

/// `retries` of a VirtualService HTTP route.
public struct VirtualServiceRetries: JSONObjectConvertible {
  /// `nil` when not written (Istio's default is 2); read leniently, checked by the control plane.
  public var attempts: Int?
  public var perTryTimeout: String?
  /// Comma-separated Envoy conditions (`5xx,connect-failure`).
  public var retryOn: String?
  public var otherFields: [String: JSONValue]

  public init(
    attempts: Int? = nil, perTryTimeout: String? = nil, retryOn: String? = nil, otherFields: [String: JSONValue] = [:]
  ) {
    self.attempts = attempts
    self.perTryTimeout = perTryTimeout
    self.retryOn = retryOn
    self.otherFields = otherFields
  }

  public init?(json: JSONValue) {
    guard let members = json.objectValue else { return nil }
    self.init(
      attempts: json.int("attempts"), perTryTimeout: json.string("perTryTimeout"), retryOn: json.string("retryOn"),
      otherFields: members.removingKeys(["attempts", "perTryTimeout", "retryOn"]))
  }

  public var json: JSONValue {
    var members = otherFields
    members["attempts"] = .integer(attempts)
    members["perTryTimeout"] = .text(perTryTimeout)
    members["retryOn"] = .text(retryOn)
    return .object(members)
  }
}

/// `fault` of a VirtualService HTTP route: `delay` and `abort` kept as JSON objects (both have a
/// `percentage: {value: <double>}`), read by the control plane which reports bad values.
public struct VirtualServiceFault: JSONObjectConvertible {
  public var delay: JSONValue?
  public var abort: JSONValue?
  public var otherFields: [String: JSONValue]

  public init(delay: JSONValue? = nil, abort: JSONValue? = nil, otherFields: [String: JSONValue] = [:]) {
    self.delay = delay
    self.abort = abort
    self.otherFields = otherFields
  }

  public init?(json: JSONValue) {
    guard let members = json.objectValue else { return nil }
    self.init(delay: json["delay"], abort: json["abort"], otherFields: members.removingKeys(["delay", "abort"]))
  }

  public var json: JSONValue {
    var members = otherFields
    members["delay"] = delay
    members["abort"] = abort
    return .object(members)
  }
}
