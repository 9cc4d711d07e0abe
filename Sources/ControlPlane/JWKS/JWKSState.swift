/// What the control plane knows about one `jwksUri`: the last good key set (kept through later
/// failures, as Istio does) and the last fetch error, if the latest attempt failed.
public struct JWKSState: Sendable, Hashable {
  /// Validated JWKS JSON; `nil` until a fetch succeeded.
  public var keys: String?
  /// The latest attempt's failure; `nil` after a success.
  public var lastError: String?

  public init(keys: String? = nil, lastError: String? = nil) {
    self.keys = keys
    self.lastError = lastError
  }
}
