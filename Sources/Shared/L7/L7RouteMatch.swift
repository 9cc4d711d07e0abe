/// One `matches` entry of a route: every condition must hold.
public struct L7RouteMatch: Sendable, Hashable {
  public var path: L7PathMatch
  /// Header names compare case-insensitively.
  public var headers: [L7StringMatch]
  public var queryParams: [L7StringMatch]
  /// `nil`: any method.
  public var method: String?

  public init(
    path: L7PathMatch = L7PathMatch(kind: .prefix, value: "/"), headers: [L7StringMatch] = [],
    queryParams: [L7StringMatch] = [], method: String? = nil
  ) {
    self.path = path
    self.headers = headers
    self.queryParams = queryParams
    self.method = method
  }
}

/// A path condition (Gateway API `Exact`, `PathPrefix`, `RegularExpression`).
public struct L7PathMatch: Sendable, Hashable {
  public enum Kind: String, Sendable, Hashable, CaseIterable {
    case exact, prefix, regularExpression
  }
  public var kind: Kind
  public var value: String

  public init(kind: Kind, value: String) {
    self.kind = kind
    self.value = value
  }
}

/// A header or query parameter condition.
public struct L7StringMatch: Sendable, Hashable {
  public enum Kind: String, Sendable, Hashable, CaseIterable {
    case exact, regularExpression
  }
  public var kind: Kind
  public var name: String
  public var value: String

  public init(kind: Kind = .exact, name: String, value: String) {
    self.kind = kind
    self.name = name
    self.value = value
  }
}
