import Crypto
import Foundation
import _CryptoExtras

/// One public key from a JWKS, converted once per configuration into the form Crypto verifies
/// with, so a request pays for the signature check only.
struct VerificationKey: Sendable {
  enum Material: Sendable {
    case rsa(_RSA.Signing.PublicKey)
    case p256(P256.Signing.PublicKey)
    case p384(P384.Signing.PublicKey)
    case p521(P521.Signing.PublicKey)
    case ed25519(Curve25519.Signing.PublicKey)

    var family: JWTAlgorithm.Family {
      switch self {
      case .rsa: .rsa
      case .p256: .ecP256
      case .p384: .ecP384
      case .p521: .ecP521
      case .ed25519: .ed25519
      }
    }
  }

  let kid: String?
  /// The key's `alg`, when the JWKS pins one: the token must then use exactly it.
  let algorithm: JWTAlgorithm?
  let material: Material

  /// Whether this key may verify a token signed with `algorithm` and naming `kid`.
  func accepts(_ algorithm: JWTAlgorithm, kid: String?) -> Bool {
    guard material.family == algorithm.family else { return false }
    if let pinned = self.algorithm, pinned != algorithm { return false }
    if let kid, let own = self.kid, own != kid { return false }
    return true
  }

  /// Checks `signature` over `signingInput` (the ASCII `header.payload`).
  func verify(_ signature: [UInt8], over signingInput: Data, algorithm: JWTAlgorithm) -> Bool {
    switch material {
    case .rsa(let key):
      let sig = _RSA.Signing.RSASignature(rawRepresentation: signature)
      switch algorithm {
      case .rs256: return key.isValidSignature(sig, for: SHA256.hash(data: signingInput), padding: .insecurePKCS1v1_5)
      case .rs384: return key.isValidSignature(sig, for: SHA384.hash(data: signingInput), padding: .insecurePKCS1v1_5)
      case .rs512: return key.isValidSignature(sig, for: SHA512.hash(data: signingInput), padding: .insecurePKCS1v1_5)
      case .ps256: return key.isValidSignature(sig, for: SHA256.hash(data: signingInput), padding: .PSS)
      case .ps384: return key.isValidSignature(sig, for: SHA384.hash(data: signingInput), padding: .PSS)
      case .ps512: return key.isValidSignature(sig, for: SHA512.hash(data: signingInput), padding: .PSS)
      default: return false
      }
    case .p256(let key):
      // JOSE ECDSA signatures are raw r||s (RFC 7518 §3.4), which is Crypto's raw representation.
      guard algorithm == .es256, let sig = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else {
        return false
      }
      return key.isValidSignature(sig, for: SHA256.hash(data: signingInput))
    case .p384(let key):
      guard algorithm == .es384, let sig = try? P384.Signing.ECDSASignature(rawRepresentation: signature) else {
        return false
      }
      return key.isValidSignature(sig, for: SHA384.hash(data: signingInput))
    case .p521(let key):
      guard algorithm == .es512, let sig = try? P521.Signing.ECDSASignature(rawRepresentation: signature) else {
        return false
      }
      return key.isValidSignature(sig, for: SHA512.hash(data: signingInput))
    case .ed25519(let key):
      guard algorithm == .edDSA else { return false }
      return key.isValidSignature(signature, for: signingInput)
    }
  }
}
