import Crypto
import Foundation
import Shared
import X509

/// A certificate the agent holds for one identity: key, chain and validity.
public struct WorkloadCertificate: Sendable {
  public let identity: SpiffeIdentity
  public let privateKey: P256.Signing.PrivateKey
  /// Leaf first, root last, as the CA returned it.
  public let chainPEMs: [String]
  public let leaf: Certificate
  /// When the agent received it: the refresh clock starts here, not at the backdated notBefore.
  public let receivedAt: Date

  public init(
    identity: SpiffeIdentity, privateKey: P256.Signing.PrivateKey, chainPEMs: [String], receivedAt: Date = Date()
  ) throws(CAError) {
    guard let first = chainPEMs.first else { throw CAError(.unavailable, "CA returned an empty certificate chain") }
    let leaf: Certificate
    do {
      leaf = try Certificate(pemEncoded: first)
    } catch {
      throw CAError(.unavailable, "CA returned a leaf that does not parse: \(error)")
    }
    guard leaf.publicKey == Certificate.PublicKey(privateKey.publicKey) else {
      throw CAError(.unavailable, "CA returned a certificate for a different key than the CSR's")
    }
    let sans = (try? leaf.extensions.subjectAlternativeNames) ?? nil
    guard let sans, sans.contains(.uniformResourceIdentifier(identity.uri)) else {
      throw CAError(.unavailable, "CA returned a certificate without the requested SAN \(identity)")
    }
    self.identity = identity
    self.privateKey = privateKey
    self.chainPEMs = chainPEMs
    self.leaf = leaf
    self.receivedAt = receivedAt
  }

  public var notBefore: Date { leaf.notValidBefore }
  public var notAfter: Date { leaf.notValidAfter }
  public var rootPEM: String { chainPEMs.last ?? "" }
  /// Lowercase hex, as `openssl x509 -serial` prints it.
  public var serialNumber: String { leaf.serialNumber.bytes.map { String(format: "%02x", $0) }.joined() }

  /// When to fetch a replacement: half-way through the remaining lifetime, as Istio agents do.
  /// Measured from receipt because notBefore is backdated for clock skew.
  public var refreshAt: Date {
    let start = Swift.max(notBefore, receivedAt)
    return start.addingTimeInterval(notAfter.timeIntervalSince(start) / 2)
  }
}
