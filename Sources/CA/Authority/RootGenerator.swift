import Crypto
import Foundation
import SwiftASN1
import X509

/// Creates the self-signed mesh root used when no plug-in CA is given (Istio's `istio-ca-secret`).
enum RootGenerator {
  /// Istio's self-signed root lives ten years.
  static let lifetime: TimeInterval = 10 * 365 * 24 * 3600

  static func make(trustDomain: String, now: Date) throws(CAError) -> (certificate: Certificate, keyPEM: String) {
    let key = P256.Signing.PrivateKey()
    let certKey = Certificate.PrivateKey(key)
    do {
      let name = try DistinguishedName {
        OrganizationName(trustDomain)
        CommonName("mesh root \(Int(now.timeIntervalSince1970))")
      }
      let certificate = try Certificate(
        version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: certKey.publicKey,
        notValidBefore: now.addingTimeInterval(-60), notValidAfter: now.addingTimeInterval(lifetime),
        issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
        extensions: try Certificate.Extensions {
          Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
          Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
          SubjectKeyIdentifier(hash: certKey.publicKey)
        },
        issuerPrivateKey: certKey)
      return (certificate, key.pemRepresentation)
    } catch {
      throw CAError(.invalidCAMaterial, "cannot create a self-signed root: \(error)")
    }
  }
}
