import Shared

/// Gateway API path modifiers (`URLRewrite.path`, `RequestRedirect.path`).
///
/// `ReplacePrefixMatch` replaces the segment-wise prefix the route matched: with match `/foo`,
/// `/foo/bar` becomes `/xyz/bar` for replacement `/xyz` or `/xyz/`, `/foo` becomes `/xyz`,
/// `/foo/` becomes `/xyz/`, and replacement `/` turns `/foo/bar` into `/bar` (never an empty
/// path). The query string is kept.
enum PathRewriter {
  struct Problem: Error, Hashable, Sendable {
    let message: String
  }

  /// - Parameters:
  ///   - path: the normalized request path (no query).
  ///   - matchedPrefix: the route match's prefix without trailing `/`; `nil` if the route matched
  ///     by regular expression.
  static func rewrite(
    _ path: Substring, with modifier: L7PathModifier, matchedPrefix: String?
  ) throws(Problem) -> String {
    switch modifier {
    case .replaceFullPath(let full):
      return full.isEmpty ? "/" : full
    case .replacePrefixMatch(let replacement):
      guard let matchedPrefix else {
        throw Problem(
          message: "ReplacePrefixMatch needs a PathPrefix match, but the route matched by regular expression")
      }
      var prefix = Substring(matchedPrefix)
      while prefix.hasSuffix("/") { prefix = prefix.dropLast() }
      guard path.hasPrefix(prefix) else {
        throw Problem(message: "the path \"\(path)\" does not start with the matched prefix \"\(matchedPrefix)\"")
      }
      let rest = path.dropFirst(prefix.count)
      if rest.isEmpty { return replacement.isEmpty ? "/" : replacement }
      var head = Substring(replacement)
      while head.hasSuffix("/") { head = head.dropLast() }
      return String(head) + rest
    }
  }

  /// `path` plus the original `?query`, if any.
  static func target(path: String, query: Substring?) -> String {
    guard let query else { return path }
    return path + "?" + query
  }
}
