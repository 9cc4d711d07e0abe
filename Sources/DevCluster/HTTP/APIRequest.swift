/// One HTTP request as the API layer sees it, independent of NIO.
struct APIRequest: Sendable {
  var method: String
  /// The path without the query, percent-decoded per segment by the router.
  var path: String
  var query: QueryParameters
  /// The query as sent, without `?`: the pod proxy forwards it unchanged.
  var rawQuery: String
  /// Header names lower-cased.
  var headers: [String: String]
  var body: [UInt8]

  init(method: String, uri: String, headers: [String: String] = [:], body: [UInt8] = []) {
    self.method = method
    if let mark = uri.firstIndex(of: "?") {
      self.path = String(uri[..<mark])
      self.rawQuery = String(uri[uri.index(after: mark)...])
      self.query = QueryParameters(uri[uri.index(after: mark)...])
    } else {
      self.path = uri
      self.rawQuery = ""
      self.query = QueryParameters()
    }
    var lowered: [String: String] = [:]
    for (name, value) in headers { lowered[name.lowercased()] = value }
    self.headers = lowered
    self.body = body
  }

  func header(_ name: String) -> String? { headers[name.lowercased()] }

  /// The media type of the body without parameters, lower-cased (`application/json`).
  var contentType: String {
    let raw = header("content-type") ?? "application/json"
    return MediaType.parse(raw).first?.type ?? ""
  }
}
