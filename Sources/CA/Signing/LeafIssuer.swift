import Foundation
import Shared
import SwiftASN1
import X509

/// Builds mesh leaves: no subject, a critical SAN, serverAuth+clientAuth, not a CA. The same
/// certificate serves both ends of an mTLS tunnel.
enum LeafIssuer {
  /// A workload leaf: exactly one URI SAN, the CSR's (already authorized) identity.
  static func issue(
    _ csr: ValidatedCSR, ttl: TimeInterval, backdate: TimeInterval, authority: SigningAuthority, now: Date
  ) throws(CAError) -> Certificate {
    try issue(
      publicKey: csr.publicKey, names: [.uniformResourceIdentifier(csr.identity.uri)],
      subjectForErrors: "\(csr.identity)",
      ttl: ttl, backdate: backdate, authority: authority, now: now)
  }

  static func issue(
    publicKey: Certificate.PublicKey, names: [GeneralName], subjectForErrors: String, ttl: TimeInterval,
    backdate: TimeInterval, authority: SigningAuthority, now: Date
  ) throws(CAError) -> Certificate {
    do {
      let authorityKeyID = try authority.certificate.extensions.subjectKeyIdentifier?.keyIdentifier
      return try Certificate(
        version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: publicKey,
        notValidBefore: now.addingTimeInterval(-backdate), notValidAfter: now.addingTimeInterval(ttl),
        issuer: authority.certificate.subject, subject: DistinguishedName(),
        signatureAlgorithm: authority.signatureAlgorithm,
        extensions: try Certificate.Extensions {
          Critical(BasicConstraints.notCertificateAuthority)
          Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
          try ExtendedKeyUsage([.serverAuth, .clientAuth])
          // RFC 5280 §4.2.1.6: with an empty subject the SAN extension must be critical.
          Critical(SubjectAlternativeNames(names))
          if let authorityKeyID { AuthorityKeyIdentifier(keyIdentifier: authorityKeyID) }
        },
        issuerPrivateKey: authority.privateKey)
    } catch {
      throw CAError(.storage, "signing a certificate for \(subjectForErrors) failed: \(error)")
    }
  }
}
