import Shared

/// One HTTPRoute `matches` entry with its regular expressions compiled once per configuration.
///
/// Semantics follow the Gateway API: every condition must hold; `PathPrefix` matches whole path
/// segments (`/foo` matches `/foo` and `/foo/bar`, not `/foobar`, and a trailing `/` in the
/// value is ignored); `RegularExpression` must match the whole path or value; header names are
/// case-insensitive, a repeated header is matched on its values joined with ","; a query
/// parameter is matched on its first occurrence; `method` compares exactly.
struct CompiledMatch: Sendable {
  enum PathCondition: Sendable {
    case exact(String)
    /// The value without its trailing `/`; empty matches every path.
    case prefix(String)
    case regex(CompiledRegex)
  }

  enum ValueCondition: Sendable {
    case exact(String)
    case regex(CompiledRegex)

    func matches(_ value: String) -> Bool {
      switch self {
      case .exact(let expected): value == expected
      case .regex(let regex): regex.wholeMatch(value)
      }
    }
  }

  let path: PathCondition
  let headers: [(name: String, condition: ValueCondition)]
  let queryParams: [(name: String, condition: ValueCondition)]
  let method: String?

  /// Compiles `match`; a regular expression that does not compile is an error (the control plane
  /// validated it with the same engine, so this only happens with a foreign control plane).
  init(_ match: L7RouteMatch) throws(CompiledRegex.Problem) {
    switch match.path.kind {
    case .exact: path = .exact(match.path.value)
    case .prefix:
      var value = match.path.value
      while value.hasSuffix("/") { value.removeLast() }
      path = .prefix(value)
    case .regularExpression: path = .regex(try CompiledRegex(match.path.value))
    }
    headers = try match.headers.map { header throws(CompiledRegex.Problem) in
      (header.name, try Self.condition(header))
    }
    queryParams = try match.queryParams.map { param throws(CompiledRegex.Problem) in
      (param.name, try Self.condition(param))
    }
    method = match.method.map { ASCIICase.lowercased($0).uppercased() }
  }

  private static func condition(_ match: L7StringMatch) throws(CompiledRegex.Problem) -> ValueCondition {
    switch match.kind {
    case .exact: .exact(match.value)
    case .regularExpression: .regex(try CompiledRegex(match.value))
    }
  }

  func matches(_ request: L7Request, path requestPath: Substring) -> Bool {
    if let method, request.method != method { return false }
    guard pathMatches(requestPath) else { return false }
    for header in headers {
      guard let value = request.headers.joined(header.name), header.condition.matches(value) else { return false }
    }
    for param in queryParams {
      guard let value = request.queryParameter(param.name), param.condition.matches(value) else { return false }
    }
    return true
  }

  func pathMatches(_ requestPath: Substring) -> Bool {
    switch path {
    case .exact(let value):
      return requestPath == value
    case .prefix(let value):
      guard !value.isEmpty else { return true }
      guard requestPath.hasPrefix(value) else { return false }
      let rest = requestPath.dropFirst(value.count)
      return rest.isEmpty || rest.first == "/"
    case .regex(let regex):
      return regex.wholeMatch(requestPath)
    }
  }

  /// The part of the path a `ReplacePrefixMatch` replaces: the prefix value (or the whole path
  /// for an exact match); `nil` for a regular expression, where "the matched prefix" has no meaning.
  var replaceablePrefix: String? {
    switch path {
    case .exact(let value): value
    case .prefix(let value): value
    case .regex: nil
    }
  }
}
