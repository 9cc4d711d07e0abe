import Synchronization

/// Tokens whose signature one provider's keys verified, parsed, so that a client presenting the
/// same token again costs a dictionary lookup instead of a base64 + JSON parse and an RSA or ECDSA
/// verification (most of the waypoint's per-request CPU with RS256). Only the signature is taken
/// from here: time (`exp`, `nbf`) and audience checks run on every request. It belongs to one
/// `JWTValidator`, which a configuration change (new keys) replaces, so an entry never outlives
/// the keys that verified it. Bounded: when full it starts over.
final class VerifiedTokenCache: Sendable {
  private struct Key: Hashable {
    let provider: Int
    let token: Substring
  }

  private let entries = Mutex<[Key: CompactJWT]>([:])
  let capacity: Int

  init(capacity: Int = 4096) {
    self.capacity = capacity
  }

  func jwt(provider: Int, token: Substring) -> CompactJWT? {
    entries.withLock { $0[Key(provider: provider, token: token)] }
  }

  func remember(_ jwt: CompactJWT, provider: Int, token: Substring) {
    // A copy of the token's characters: the request buffer it was read from is not kept.
    let key = Key(provider: provider, token: Substring(String(token)))
    entries.withLock { entries in
      if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
      entries[key] = jwt
    }
  }

  var count: Int { entries.withLock { $0.count } }
}
