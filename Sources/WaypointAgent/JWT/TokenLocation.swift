import Shared

/// Where a provider looks for tokens. Without `fromHeaders`, `fromParams` and `fromCookies`,
/// Envoy's defaults apply: `Authorization: Bearer <token>`, then the `access_token` parameter.
enum TokenLocation: Sendable, Hashable {
  case header(name: String, prefix: String)
  case param(String)
  case cookie(String)

  static func locations(of provider: JWTProvider) -> [TokenLocation] {
    if provider.fromHeaders.isEmpty, provider.fromParams.isEmpty, provider.fromCookies.isEmpty {
      return [.header(name: "authorization", prefix: "Bearer "), .param("access_token")]
    }
    return provider.fromHeaders.map { .header(name: $0.name, prefix: $0.prefix) } + provider.fromParams.map(Self.param)
      + provider.fromCookies.map(Self.cookie)
  }

  var description: String {
    switch self {
    case .header(let name, _): "header \(name)"
    case .param(let name): "query parameter \(name)"
    case .cookie(let name): "cookie \(name)"
    }
  }

  /// The token at this location, or `nil`. A header without the prefix holds no token (it may be
  /// another scheme, e.g. `Basic`); the prefix compares case-insensitively, as HTTP auth schemes do.
  func extract(from request: L7Request) -> Substring? {
    switch self {
    case .header(let name, let prefix):
      guard let value = request.headers.first(name) else { return nil }
      guard ASCIICase.hasPrefix(value, prefix) else { return nil }
      let token = value.dropFirst(prefix.count).drop(while: { $0 == " " })
      let trimmed = token.prefix(while: { $0 != " " && $0 != "," })
      return trimmed.isEmpty ? nil : trimmed
    case .param(let name):
      guard let value = request.queryParameter(name), !value.isEmpty else { return nil }
      return value[...]
    case .cookie(let name):
      for header in request.headers.values("cookie") {
        for pair in header.split(separator: ";") {
          let trimmed = pair.drop(while: { $0 == " " })
          guard let equals = trimmed.firstIndex(of: "="), trimmed[..<equals] == name else { continue }
          let value = trimmed[trimmed.index(after: equals)...]
          if !value.isEmpty { return value }
        }
      }
      return nil
    }
  }
}
