/// One `rules` entry of an HTTPRoute, read with its matches and backends typed.
public struct HTTPRouteRule: JSONObjectConvertible {
  /// The optional rule name (Gateway API 1.2+).
  public var name: String?
  /// Read rules never have this empty: a rule without matches matches every request (prefix `/`).
  public var matches: [HTTPRouteMatch]
  public var backendRefs: [HTTPBackendRef]
  /// `filters` as written (header modifiers, redirects, rewrites, mirrors).
  public var filters: [JSONValue]
  public var timeouts: HTTPRouteTimeouts?
  /// `retry`, `sessionPersistence`, ... as written.
  public var otherFields: [String: JSONValue]

  public init(
    name: String? = nil, matches: [HTTPRouteMatch] = [HTTPRouteMatch()], backendRefs: [HTTPBackendRef] = [],
    filters: [JSONValue] = [], timeouts: HTTPRouteTimeouts? = nil, otherFields: [String: JSONValue] = [:]
  ) {
    self.name = name
    self.matches = matches
    self.backendRefs = backendRefs
    self.filters = filters
    self.timeouts = timeouts
    self.otherFields = otherFields
  }

  /// Applies the schema default: no `matches` is one match on prefix `/`.
  public init?(json: JSONValue) {
    guard let members = json.objectValue else { return nil }
    let matches: [HTTPRouteMatch] = json.list("matches")
    self.init(
      name: json.string("name"), matches: matches.isEmpty ? [HTTPRouteMatch()] : matches,
      backendRefs: json.list("backendRefs"), filters: json["filters"]?.arrayValue ?? [],
      timeouts: json["timeouts"].flatMap(HTTPRouteTimeouts.init(json:)),
      otherFields: members.removingKeys(["name", "matches", "backendRefs", "filters", "timeouts"]))
  }

  public var json: JSONValue {
    var members = otherFields
    members["name"] = .text(name)
    members["matches"] = .list(matches)
    members["backendRefs"] = .list(backendRefs)
    members["filters"] = filters.isEmpty ? nil : .array(filters)
    members["timeouts"] = timeouts?.json
    return .object(members)
  }
}
