import Crypto
import Foundation
import _CryptoExtras

/// Turns a JWKS document into verification keys. A key that cannot be used (unknown `kty` or
/// curve, HMAC `oct`, RSA under 2048 bits, encryption-only `use`, malformed numbers) is left out
/// and reported; the rest stay usable. No usable key at all means every token of the issuer is
/// rejected, which is how the control plane marks a key set it could not fetch.
enum JWKSParser {
  private struct Document: Decodable {
    var keys: [JWK]
  }

  private struct JWK: Decodable {
    var kty: String?
    var kid: String?
    var alg: String?
    var use: String?
    var n: String?
    var e: String?
    var crv: String?
    var x: String?
    var y: String?
  }

  private static func decode(_ text: String) -> [UInt8]? { Base64URL.decode(text, allowPadding: true) }

  static func parse(_ text: String, source: String) -> (keys: [VerificationKey], problems: [String]) {
    guard let document = try? JSONDecoder().decode(Document.self, from: Data(text.utf8)) else {
      return ([], ["\(source): the JWKS is not a JSON object with a \"keys\" list; every token is rejected"])
    }
    var keys: [VerificationKey] = []
    var problems: [String] = []
    for (index, jwk) in document.keys.enumerated() {
      let name = "\(source): keys[\(index)]\(jwk.kid.map { " (kid \"\($0)\")" } ?? "")"
      do throws(KeyProblem) {
        if let key = try key(from: jwk) { keys.append(key) }
      } catch {
        problems.append("\(name): \(error.message); the key is ignored")
      }
    }
    return (keys, problems)
  }

  private struct KeyProblem: Error {
    let message: String
  }

  /// `nil` for a key meant for encryption only.
  private static func key(from jwk: JWK) throws(KeyProblem) -> VerificationKey? {
    if let use = jwk.use, use != "sig" { return nil }
    var algorithm: JWTAlgorithm?
    if let alg = jwk.alg {
      guard let known = JWTAlgorithm(rawValue: alg) else {
        throw KeyProblem(message: "alg \"\(alg)\" is not supported")
      }
      algorithm = known
    }
    let material: VerificationKey.Material
    switch jwk.kty {
    case "RSA":
      guard let n = jwk.n.flatMap(Self.decode), let e = jwk.e.flatMap(Self.decode), !n.isEmpty, !e.isEmpty
      else { throw KeyProblem(message: "RSA [n] or [e] is missing or not base64url") }
      do {
        material = .rsa(try _RSA.Signing.PublicKey(n: n, e: e))
      } catch {
        throw KeyProblem(message: "RSA key is not usable (keys under 2048 bits are refused): \(error)")
      }
    case "EC":
      guard let x = jwk.x.flatMap(Self.decode), let y = jwk.y.flatMap(Self.decode) else {
        throw KeyProblem(message: "EC [x] or [y] is missing or not base64url")
      }
      let point = [0x04] + x + y
      do {
        switch jwk.crv {
        case "P-256": material = .p256(try P256.Signing.PublicKey(x963Representation: point))
        case "P-384": material = .p384(try P384.Signing.PublicKey(x963Representation: point))
        case "P-521": material = .p521(try P521.Signing.PublicKey(x963Representation: point))
        default: throw KeyProblem(message: "EC curve \(jwk.crv.map { "\"\($0)\"" } ?? "missing") is not supported")
        }
      } catch let problem as KeyProblem {
        throw problem
      } catch {
        throw KeyProblem(message: "EC point is not on curve \(jwk.crv ?? "?")")
      }
    case "OKP":
      guard jwk.crv == "Ed25519" else {
        throw KeyProblem(message: "OKP curve \(jwk.crv.map { "\"\($0)\"" } ?? "missing") is not supported")
      }
      guard let x = jwk.x.flatMap(Self.decode), let key = try? Curve25519.Signing.PublicKey(rawRepresentation: x)
      else { throw KeyProblem(message: "OKP [x] is missing or not a 32-byte Ed25519 key") }
      material = .ed25519(key)
    case "oct":
      throw KeyProblem(message: "symmetric (oct/HMAC) keys are not accepted: a published key set must not hold secrets")
    default:
      throw KeyProblem(message: "kty \(jwk.kty.map { "\"\($0)\"" } ?? "missing") is not supported")
    }
    if let algorithm, algorithm.family != material.family {
      throw KeyProblem(message: "alg \(algorithm.rawValue) does not fit the key type")
    }
    return VerificationKey(kid: jwk.kid, algorithm: algorithm, material: material)
  }
}
