/// One request as httpbin sees it: what the routes need, nothing tied to NIO, so the answers
/// are table-testable.
public struct HttpbinRequest: Sendable, Hashable {
  public var method: String
  /// The request target as sent: path and query (`/get?a=1`).
  public var target: String
  /// Header fields in arrival order, names as the client spelled them.
  public var headers: [(name: String, value: String)]
  /// The TCP peer's address (no port): httpbin's `origin` when no `X-Forwarded-For` is present.
  public var peerAddress: String
  public var body: [UInt8]

  public init(
    method: String, target: String, headers: [(name: String, value: String)] = [], peerAddress: String,
    body: [UInt8] = []
  ) {
    self.method = method
    self.target = target
    self.headers = headers
    self.peerAddress = peerAddress
    self.body = body
  }

  public static func == (lhs: Self, rhs: Self) -> Bool {
    lhs.method == rhs.method && lhs.target == rhs.target && lhs.peerAddress == rhs.peerAddress
      && lhs.body == rhs.body && lhs.headers.map(\.name) == rhs.headers.map(\.name)
      && lhs.headers.map(\.value) == rhs.headers.map(\.value)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(method)
    hasher.combine(target)
    hasher.combine(peerAddress)
  }

  /// The path without the query.
  public var path: String {
    guard let mark = target.firstIndex(of: "?") else { return target }
    return String(target[..<mark])
  }

  /// The raw query after `?`, empty when there is none.
  public var query: String {
    guard let mark = target.firstIndex(of: "?") else { return "" }
    return String(target[target.index(after: mark)...])
  }

  /// The first value of a header, matched case-insensitively.
  public func header(_ name: String) -> String? {
    let wanted = name.lowercased()
    return headers.first { $0.name.lowercased() == wanted }?.value
  }
}
