/// One `matches` entry of an HTTPRoute rule: all of its conditions must hold.
public struct HTTPRouteMatch: JSONObjectConvertible {
  /// `nil` only for a match built without one; read matches default to prefix `/`.
  public var path: HTTPPathMatch?
  public var headers: [HTTPHeaderMatch]
  public var queryParams: [HTTPQueryParamMatch]
  /// `GET`, `POST`, ...; `nil` matches any method.
  public var method: String?
  public var otherFields: [String: JSONValue]

  public init(
    path: HTTPPathMatch? = HTTPPathMatch(), headers: [HTTPHeaderMatch] = [], queryParams: [HTTPQueryParamMatch] = [],
    method: String? = nil, otherFields: [String: JSONValue] = [:]
  ) {
    self.path = path
    self.headers = headers
    self.queryParams = queryParams
    self.method = method
    self.otherFields = otherFields
  }

  /// Applies the schema default: a match without `path` is a prefix match on `/`.
  public init?(json: JSONValue) {
    guard let members = json.objectValue else { return nil }
    self.init(
      path: json["path"].flatMap(HTTPPathMatch.init(json:)) ?? HTTPPathMatch(), headers: json.list("headers"),
      queryParams: json.list("queryParams"), method: json.string("method"),
      otherFields: members.removingKeys(["path", "headers", "queryParams", "method"]))
  }

  public var json: JSONValue {
    var members = otherFields
    members["path"] = path?.json
    members["headers"] = .list(headers)
    members["queryParams"] = .list(queryParams)
    members["method"] = .text(method)
    return .object(members)
  }
}
