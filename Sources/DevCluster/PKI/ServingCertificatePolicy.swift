import Crypto
import Foundation
import X509

/// When the stored certificates can be reused: pure decisions, so restarts are predictable and
/// the rules are testable without touching files.
enum ServingCertificatePolicy {
  /// A certificate with less than this left is replaced on start, so a long-running dev cluster
  /// does not fail its clients in the middle of a session.
  static let renewBefore: TimeInterval = 30 * 24 * 3600

  /// Why the CA cannot be kept, or `nil` when it can.
  static func caReplacementReason(ca: Certificate, key: P256.Signing.PrivateKey, now: Date) -> String? {
    if Certificate.PublicKey(key.publicKey) != ca.publicKey { return "the CA key does not match the CA certificate" }
    if ca.notValidAfter.timeIntervalSince(now) < renewBefore { return "the CA expires on \(ca.notValidAfter)" }
    return nil
  }

  /// Why the serving certificate must be issued again, or `nil` when it can be reused.
  static func renewalReason(
    certificate: Certificate, key: P256.Signing.PrivateKey, ca: Certificate, required: [GeneralName], now: Date
  ) -> String? {
    if Certificate.PublicKey(key.publicKey) != certificate.publicKey {
      return "the serving key does not match the serving certificate"
    }
    if certificate.issuer != ca.subject || !ca.publicKey.isValidSignature(certificate.signature, for: certificate) {
      return "the serving certificate was not signed by the current CA"
    }
    if certificate.notValidBefore > now {
      return "the serving certificate is not valid before \(certificate.notValidBefore)"
    }
    if certificate.notValidAfter.timeIntervalSince(now) < renewBefore {
      return "the serving certificate expires on \(certificate.notValidAfter)"
    }
    let present: [GeneralName]
    do {
      present = Array(try certificate.extensions.subjectAlternativeNames ?? SubjectAlternativeNames())
    } catch {
      return "the serving certificate's subject alternative names cannot be read"
    }
    let missing = required.filter { !present.contains($0) }
    if !missing.isEmpty {
      return "the serving certificate lacks \(missing.map(ServingNames.describe).joined(separator: ", "))"
    }
    return nil
  }
}
