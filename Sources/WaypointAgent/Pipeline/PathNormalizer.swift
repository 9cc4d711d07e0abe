/// Normalizes a request path before routing and policy, and the request is forwarded with the
/// normalized path, so that `/ip/../headers` cannot pass an `/ip` rule and then reach `/headers`.
///
/// Mirrors Istio's default `pathNormalization: BASE` (Envoy `normalize_path`): RFC 3986 §5.2.4
/// dot-segment removal, with `%2E` treated as `.` (as Envoy's URL canonicalizer does); slashes
/// are not merged and other escapes are left alone.
public enum PathNormalizer {
  public enum Problem: Error, Hashable, Sendable {
    /// Not origin form (`/...`): the proxy answers 400.
    case notOriginForm(String)

    public var message: String {
      switch self {
      case .notOriginForm(let path): "request path \"\(path)\" does not start with \"/\""
      }
    }
  }

  /// The normalized path; the input itself when nothing changes (the common case, no allocation).
  public static func normalize(_ path: Substring) throws(Problem) -> Substring {
    guard path.first == "/" else { throw .notOriginForm(String(path)) }
    let bytes = path.utf8
    // Fast path: no "." and no "%" means there is nothing to resolve.
    guard bytes.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "%") }) else { return path }
    var segments: [Substring] = []
    let parts = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
    var trailingSlash = false
    for (index, part) in parts.enumerated() {
      let last = index == parts.count - 1
      switch dotKind(part) {
      case 1:
        if last { trailingSlash = true }
      case 2:
        if !segments.isEmpty { segments.removeLast() }
        if last { trailingSlash = true }
      default:
        segments.append(part)
      }
    }
    var result = "/" + segments.joined(separator: "/")
    if trailingSlash, !result.hasSuffix("/") { result += "/" }
    return result == String(path) ? path : result[...]
  }

  /// 1 for ".", 2 for "..", 0 otherwise (`%2e` counts as a dot).
  private static func dotKind(_ segment: Substring) -> Int {
    var dots = 0
    var rest = segment[...]
    while !rest.isEmpty {
      if rest.first == "." {
        rest = rest.dropFirst()
      } else if rest.count >= 3, rest.hasPrefix("%2e") || rest.hasPrefix("%2E") {
        rest = rest.dropFirst(3)
      } else {
        return 0
      }
      dots += 1
      if dots > 2 { return 0 }
    }
    return dots
  }
}
