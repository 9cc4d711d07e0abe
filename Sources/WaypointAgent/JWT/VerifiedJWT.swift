/// A token that passed every check, with what policies and headers need from it.
public struct VerifiedJWT: Sendable, Hashable {
  public let issuer: String
  public let subject: String?
  public let audiences: [String]
  /// `azp`, the authorized presenter.
  public let presenter: String?
  public let claims: [String: JSONClaim]
  /// `namespace/name` of the RequestAuthentication whose rule accepted the token.
  public let providerSource: String

  /// Istio's request principal: `iss/sub`.
  public var principal: String { "\(issuer)/\(subject ?? "")" }

  /// A claim by path (`["a", "b"]` is `request.auth.claims[a][b]`).
  ///
  /// `scope` and `permission` written as one space-separated string count as lists, as Istio
  /// configures Envoy (`space_delimited_claims`), so `claims[scope]` can match one scope.
  public func claim(_ path: [String]) -> JSONClaim? {
    guard let first = path.first, var value = claims[first] else { return nil }
    for name in path.dropFirst() {
      guard case .object(let members) = value, let next = members[name] else { return nil }
      value = next
    }
    if path.count == 1, first == "scope" || first == "permission", case .string(let text) = value {
      return .array(text.split(separator: " ").map { .string(String($0)) })
    }
    return value
  }
}
