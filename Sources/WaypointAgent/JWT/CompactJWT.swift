import Foundation

/// A JWS in compact serialization, decoded but not yet verified (RFC 7515 §7.1, RFC 7519).
///
/// Registered claims are read with Envoy's strictness: `iss`/`sub` must be strings, `exp`/`nbf`/
/// `iat` integers, `aud` a string or list of strings; anything else rejects the token.
struct CompactJWT: Sendable {
  let algorithm: JWTAlgorithm
  let kid: String?
  let issuer: String
  let subject: String?
  let audiences: [String]
  let expiresAt: Int64?
  let notBefore: Int64?
  let claims: [String: JSONClaim]
  /// The encoded payload segment (for `outputPayloadToHeader`).
  let payloadSegment: Substring
  let signingInput: Data
  let signature: [UInt8]

  private struct Header: Decodable {
    var alg: JSONClaim?
    var kid: JSONClaim?
  }

  init(parsing token: Substring) throws(JWTStatus) {
    let parts = token.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 3 else { throw .badFormat }
    guard let headerBytes = Base64URL.decode(parts[0]) else { throw .headerBadBase64 }
    guard let header = try? JSONDecoder().decode([String: JSONClaim].self, from: Data(headerBytes)) else {
      throw .headerBadJSON
    }
    guard case .string(let alg)? = header["alg"] else { throw .headerBadAlg }
    // "none" and HS* land here too: unsigned and shared-secret tokens are never accepted.
    guard let algorithm = JWTAlgorithm(rawValue: alg) else { throw .headerNotImplementedAlg }
    switch header["kid"] {
    case nil, .null?: kid = nil
    case .string(let value)?: kid = value
    default: throw .headerBadKid
    }
    guard let payloadBytes = Base64URL.decode(parts[1]) else { throw .payloadBadBase64 }
    guard let claims = try? JSONDecoder().decode([String: JSONClaim].self, from: Data(payloadBytes)) else {
      throw .payloadBadJSON
    }
    guard let signature = Base64URL.decode(parts[2]) else { throw .signatureBadBase64 }

    switch claims["iss"] {
    case .string(let value)?: issuer = value
    case nil: issuer = ""
    default: throw .issNotString
    }
    switch claims["sub"] {
    case .string(let value)?: subject = value
    case nil: subject = nil
    default: throw .subNotString
    }
    switch claims["aud"] {
    case nil: audiences = []
    case .string(let value)?: audiences = [value]
    case .array(let items)?:
      let strings = items.compactMap(\.stringValue)
      guard strings.count == items.count else { throw .audNotString }
      audiences = strings
    default: throw .audNotString
    }
    expiresAt = try Self.time(claims["exp"], else: .expNotInteger)
    notBefore = try Self.time(claims["nbf"], else: .nbfNotInteger)
    _ = try Self.time(claims["iat"], else: .iatNotInteger)
    self.algorithm = algorithm
    self.claims = claims
    self.payloadSegment = parts[1]
    self.signature = signature
    signingInput = Data(token[..<parts[1].endIndex].utf8)
  }

  private static func time(_ claim: JSONClaim?, else status: JWTStatus) throws(JWTStatus) -> Int64? {
    guard let claim else { return nil }
    guard let value = claim.integer, value >= 0 else { throw status }
    return value
  }
}
