import Foundation
import X509

/// The validated, immutable key material one signing uses: the signing certificate and key, the
/// chain above it, and the trust bundle agents are told to accept. Replaced wholesale on rotation.
public struct SigningAuthority: Sendable {
  public let certificate: Certificate
  public let privateKey: Certificate.PrivateKey
  /// PEMs appended after the leaf in every response: signing cert, intermediates, root last.
  public let chainPEMs: [String]
  /// Every root agents must trust now (more than one during a rotation).
  public let trustBundle: [Certificate]
  public let trustBundlePEM: String
  /// The algorithm leaves are signed with, fixed by the CA key type.
  public let signatureAlgorithm: Certificate.SignatureAlgorithm
  /// Whether this CA generated its own root (then it may rotate it) or was plugged in.
  public let selfSigned: Bool

  init(
    certificate: Certificate, privateKey: Certificate.PrivateKey, chainPEMs: [String], trustBundle: [Certificate],
    selfSigned: Bool
  ) throws(CAError) {
    self.certificate = certificate
    self.privateKey = privateKey
    self.chainPEMs = chainPEMs
    self.trustBundle = trustBundle
    self.trustBundlePEM = try PEMText.of(trustBundle).joined()
    self.signatureAlgorithm = try Self.algorithm(for: privateKey)
    self.selfSigned = selfSigned
  }

  /// The root that terminates `chainPEMs`.
  public var signingRootPEM: String { chainPEMs.last ?? "" }

  private static func algorithm(for key: Certificate.PrivateKey) throws(CAError) -> Certificate.SignatureAlgorithm {
    switch key.publicKey.keyAlgorithmName {
    case "P256": return .ecdsaWithSHA256
    case "P384": return .ecdsaWithSHA384
    case "P521": return .ecdsaWithSHA512
    case "RSA": return .sha256WithRSAEncryption
    default:
      throw CAError(.invalidCAMaterial, "ca-key.pem: unsupported CA key type; use ECDSA P-256/P-384/P-521 or RSA")
    }
  }
}
