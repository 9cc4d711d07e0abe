import Crypto
import Foundation
import SwiftASN1
import X509

/// Creates the dev cluster's CA and the API server's serving certificate, both P-256 keys with
/// ECDSA-SHA256 signatures: what kubectl, client-go and NIOSSL all accept.
enum DevCertificateFactory {
  /// Ten years: the CA is baked into kubeconfigs and should outlive any dev cluster.
  static let caLifetime: TimeInterval = 10 * 365 * 24 * 3600
  /// One year, renewed on start when less than `ServingCertificatePolicy.renewBefore` is left.
  static let servingLifetime: TimeInterval = 365 * 24 * 3600
  /// Certificates start a minute in the past so that a client whose clock is slightly behind
  /// does not reject a certificate made a moment ago.
  static let backdate: TimeInterval = 60

  static func makeCA(now: Date) throws(DevPKIError) -> (certificate: Certificate, key: P256.Signing.PrivateKey) {
    let key = P256.Signing.PrivateKey()
    let certificateKey = Certificate.PrivateKey(key)
    do {
      let name = try DistinguishedName {
        OrganizationName("mesh-dev")
        CommonName("mesh-dev-ca")
      }
      let certificate = try Certificate(
        version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: certificateKey.publicKey,
        notValidBefore: now.addingTimeInterval(-backdate), notValidAfter: now.addingTimeInterval(caLifetime),
        issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
        extensions: try Certificate.Extensions {
          Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
          Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
          SubjectKeyIdentifier(hash: certificateKey.publicKey)
        },
        issuerPrivateKey: certificateKey)
      return (certificate, key)
    } catch {
      throw DevPKIError("cannot create the dev cluster CA certificate: \(error)")
    }
  }

  /// A serving certificate for `names`, signed by the CA, never outliving it.
  static func makeServing(
    names: [GeneralName], ca: Certificate, caKey: P256.Signing.PrivateKey, now: Date
  ) throws(DevPKIError) -> (certificate: Certificate, key: P256.Signing.PrivateKey) {
    let key = P256.Signing.PrivateKey()
    let publicKey = Certificate.PrivateKey(key).publicKey
    let notAfter = min(now.addingTimeInterval(servingLifetime), ca.notValidAfter)
    do {
      let subject = try DistinguishedName {
        OrganizationName("mesh-dev")
        CommonName("mesh-dev-apiserver")
      }
      // The authority key identifier lets OpenSSL and Go pick the right CA when several share a name.
      let caKeyID = try ca.extensions.subjectKeyIdentifier?.keyIdentifier
      let extensions = try Certificate.Extensions {
        Critical(BasicConstraints.notCertificateAuthority)
        Critical(KeyUsage(digitalSignature: true))
        try ExtendedKeyUsage([.serverAuth])
        SubjectAlternativeNames(names)
        SubjectKeyIdentifier(hash: publicKey)
        if let caKeyID { AuthorityKeyIdentifier(keyIdentifier: caKeyID) }
      }
      let certificate = try Certificate(
        version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: publicKey,
        notValidBefore: now.addingTimeInterval(-backdate), notValidAfter: notAfter, issuer: ca.subject,
        subject: subject, signatureAlgorithm: .ecdsaWithSHA256, extensions: extensions,
        issuerPrivateKey: Certificate.PrivateKey(caKey))
      return (certificate, key)
    } catch {
      throw DevPKIError("cannot create the API server's serving certificate: \(error)")
    }
  }
}
