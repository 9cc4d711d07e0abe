/// An HTTPRoute filter the waypoint implements. Filters it does not implement never reach it: the
/// control plane rejects the rule (Gateway API: a route with an unsupported filter is not accepted).
public enum L7Filter: Sendable, Hashable {
  case requestHeaderModifier(L7HeaderModifier)
  case responseHeaderModifier(L7HeaderModifier)
  case requestRedirect(L7Redirect)
  case urlRewrite(L7Rewrite)
}

/// `set` replaces, `add` appends, `remove` deletes (names case-insensitive).
public struct L7HeaderModifier: Sendable, Hashable {
  public var set: [L7Header]
  public var add: [L7Header]
  public var remove: [String]

  public init(set: [L7Header] = [], add: [L7Header] = [], remove: [String] = []) {
    self.set = set
    self.add = add
    self.remove = remove
  }
}

public struct L7Header: Sendable, Hashable {
  public var name: String
  public var value: String

  public init(name: String, value: String) {
    self.name = name
    self.value = value
  }
}

/// How a redirect or rewrite changes the path.
public enum L7PathModifier: Sendable, Hashable {
  case replaceFullPath(String)
  /// Replaces the part the route's `PathPrefix` match matched.
  case replacePrefixMatch(String)
}

/// `RequestRedirect`: unset fields keep the request's value.
public struct L7Redirect: Sendable, Hashable {
  public var scheme: String?
  public var hostname: String?
  public var port: Int?
  public var path: L7PathModifier?
  /// 301 or 302 (the default).
  public var statusCode: Int

  public init(
    scheme: String? = nil, hostname: String? = nil, port: Int? = nil, path: L7PathModifier? = nil,
    statusCode: Int = 302
  ) {
    self.scheme = scheme
    self.hostname = hostname
    self.port = port
    self.path = path
    self.statusCode = statusCode
  }
}

/// `URLRewrite`: changes the request before it is forwarded.
public struct L7Rewrite: Sendable, Hashable {
  public var hostname: String?
  public var path: L7PathModifier?

  public init(hostname: String? = nil, path: L7PathModifier? = nil) {
    self.hostname = hostname
    self.path = path
  }
}
