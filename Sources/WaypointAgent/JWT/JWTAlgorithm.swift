/// The JWS algorithms the waypoint verifies (RFC 7518 §3). HMAC (`HS*`) is refused: its key is a
/// shared secret, and a published key set must never hold one. `none` is never accepted.
public enum JWTAlgorithm: String, Sendable, Hashable, CaseIterable {
  case rs256 = "RS256", rs384 = "RS384", rs512 = "RS512"
  case ps256 = "PS256", ps384 = "PS384", ps512 = "PS512"
  case es256 = "ES256", es384 = "ES384", es512 = "ES512"
  case edDSA = "EdDSA"

  enum Family: Sendable, Hashable {
    case rsa, ecP256, ecP384, ecP521, ed25519
  }

  var family: Family {
    switch self {
    case .rs256, .rs384, .rs512, .ps256, .ps384, .ps512: .rsa
    case .es256: .ecP256
    case .es384: .ecP384
    case .es512: .ecP521
    case .edDSA: .ed25519
    }
  }
}
