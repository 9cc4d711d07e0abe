/// Istio's string matcher: exact, prefix, suffix, or presence (`*`).
public enum StringMatch: Hashable, Sendable, CustomStringConvertible {
  case exact(String)
  case prefix(String)
  case suffix(String)
  /// Any non-empty value.
  case presence

  /// Istio's policy syntax: `*` is presence, `abc*` a prefix, `*abc` a suffix, else exact.
  public init(istioPattern pattern: String) {
    if pattern == "*" {
      self = .presence
    } else if pattern.hasSuffix("*") {
      self = .prefix(String(pattern.dropLast()))
    } else if pattern.hasPrefix("*") {
      self = .suffix(String(pattern.dropFirst()))
    } else {
      self = .exact(pattern)
    }
  }

  public func matches(_ value: String) -> Bool {
    switch self {
    case .exact(let s): return value == s
    case .prefix(let s): return value.hasPrefix(s)
    case .suffix(let s): return value.hasSuffix(s)
    case .presence: return !value.isEmpty
    }
  }

  public var description: String {
    switch self {
    case .exact(let s): return s
    case .prefix(let s): return s + "*"
    case .suffix(let s): return "*" + s
    case .presence: return "*"
    }
  }
}
