import Crypto
import Foundation
import Kube

/// Service-account tokens as Kubernetes issues them (projected / TokenRequest): JWT, ES256, signed
/// by a key persisted in `directory` (file `sa-signing-key.pem`, 0600) so tokens survive restarts.
/// The `kid` header is base64url(SHA-256 of the public key's DER), as kube-apiserver computes it,
/// so a JWKS consumer (Istio, an OIDC client) finds the key by id.
public struct ServiceAccountTokenIssuer: Sendable {
  public static let defaultIssuer = "https://kubernetes.default.svc.cluster.local"
  /// The API server's own audience: tokens requested with no audiences get it, and the server
  /// accepts bearer tokens with it.
  public static let apiAudience = "https://kubernetes.default.svc.cluster.local"
  public static let signingKeyFile = "sa-signing-key.pem"
  /// Clock skew tolerated on `exp`, `nbf` and `iat`, as go-jose's `DefaultLeeway`.
  public static let leeway: TimeInterval = 60

  /// The `iss` claim this issuer writes and requires.
  public let issuer: String
  /// The JWS `kid` of the signing key.
  public let keyID: String
  let key: P256.Signing.PrivateKey

  /// Loads the signing key from `directory`, creating the directory (0700) and the key (0600)
  /// on first use.
  public static func loadOrCreate(
    directory: String, issuer: String = defaultIssuer
  ) throws(DevPKIError) -> ServiceAccountTokenIssuer {
    try SecureFile.ensureDirectory(directory)
    let keyPath = DevPKI.path(directory, signingKeyFile)
    if let pem = try SecureFile.read(keyPath) {
      do {
        return try ServiceAccountTokenIssuer(privateKeyPEM: pem, issuer: issuer)
      } catch {
        throw DevPKIError(
          "\(keyPath): \(error.message) (deleting it creates a new key; every token issued before stops working)")
      }
    }
    let key = P256.Signing.PrivateKey()
    try SecureFile.write(DevPEM.encode(key), to: keyPath, mode: 0o600)
    return ServiceAccountTokenIssuer(key: key, issuer: issuer)
  }

  /// An issuer with a given P-256 key (PKCS#8 or SEC1 PEM), for callers that keep keys elsewhere.
  public init(privateKeyPEM: String, issuer: String = defaultIssuer) throws(DevPKIError) {
    do {
      self.init(key: try P256.Signing.PrivateKey(pemRepresentation: privateKeyPEM), issuer: issuer)
    } catch {
      throw DevPKIError("the service-account signing key is not a PEM P-256 private key: \(error)")
    }
  }

  init(key: P256.Signing.PrivateKey, issuer: String) {
    self.key = key
    self.issuer = issuer
    self.keyID = Base64URL.encode(SHA256.hash(data: key.publicKey.derRepresentation))
  }

  /// The signed token for `claims`, exactly as given (the caller sets `issuer`; `TokenAPI` uses
  /// this issuer's).
  public func issue(_ claims: ServiceAccountClaims) -> String {
    CompactJWS.signES256(header: ["alg": "ES256", "kid": .string(keyID)], payload: claims.jwtPayload, key: key)
  }

  /// The public key as SubjectPublicKeyInfo PEM (`--service-account-key-file` format).
  public var publicKeyPEM: String { key.publicKey.pemRepresentation + "\n" }

  /// JWKS document of the public key (for /openid/v1/jwks).
  public var jwks: JSONValue {
    let point = Array(key.publicKey.x963Representation)  // 0x04 || X (32 bytes) || Y (32 bytes)
    let jwk: JSONValue = [
      "use": "sig", "kty": "EC", "kid": .string(keyID), "crv": "P-256", "alg": "ES256",
      "x": .string(Base64URL.encode(point[1..<33])), "y": .string(Base64URL.encode(point[33..<65])),
    ]
    return ["keys": [jwk]]
  }

  /// The OIDC discovery document kube-apiserver serves at /.well-known/openid-configuration.
  public func openIDConfiguration(jwksURI: String) -> JSONValue {
    [
      "issuer": .string(issuer), "jwks_uri": .string(jwksURI), "response_types_supported": ["id_token"],
      "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["ES256"],
    ]
  }
}
