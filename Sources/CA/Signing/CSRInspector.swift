import Crypto
import Shared
import SwiftASN1
import X509
import _CryptoExtras

/// Validates a PKCS#10 CSR the way Istio's CA does, but stricter: the proof of possession must
/// verify, the key must be a type the mesh accepts, and there must be exactly one SAN, a URI
/// that is a SPIFFE id in this trust domain. The subject is ignored (leaves carry no CN).
public enum CSRInspector {
  public static func inspect(pem: String, trustDomain: String) throws(CAError) -> ValidatedCSR {
    let csr: CertificateSigningRequest
    do {
      csr = try CertificateSigningRequest(pemEncoded: pem)
    } catch {
      if let problem = CSRKeyProbe.describe(pem: pem) { throw CAError(.invalidRequest, "csr \(problem)") }
      throw CAError(.invalidRequest, "csr is not a PEM-encoded PKCS#10 request (\"CERTIFICATE REQUEST\"): \(error)")
    }
    guard csr.publicKey.isValidSignature(csr.signature, for: csr) else {
      throw CAError(.invalidRequest, "csr signature does not verify with its own public key")
    }
    try checkKey(csr.publicKey)

    let extensions: Certificate.Extensions
    do {
      extensions = try csr.attributes.extensionRequest?.extensions ?? Certificate.Extensions()
    } catch {
      throw CAError(.invalidRequest, "csr extension request cannot be read: \(error)")
    }
    let sanExtensions = extensions.filter { $0.oid == .X509ExtensionID.subjectAlternativeName }
    guard sanExtensions.count == 1 else {
      throw CAError(
        .invalidRequest,
        sanExtensions.isEmpty
          ? "csr has no subjectAltName; it needs exactly one URI SAN spiffe://\(trustDomain)/ns/<ns>/sa/<sa>"
          : "csr has \(sanExtensions.count) subjectAltName extensions; exactly one is allowed")
    }
    let names: SubjectAlternativeNames
    do {
      names = try SubjectAlternativeNames(sanExtensions[0])
    } catch {
      throw CAError(.invalidRequest, "csr subjectAltName cannot be parsed: \(error)")
    }
    guard names.count == 1, case .uniformResourceIdentifier(let uri) = names.first! else {
      let listed = names.map { "\($0)" }.joined(separator: ", ")
      throw CAError(
        .invalidRequest, "csr must name exactly one URI SAN (the SPIFFE id), found \(names.count): \(listed)")
    }
    let identity: SpiffeIdentity
    do {
      identity = try SpiffeIdentity(parsing: uri)
    } catch {
      throw CAError(.invalidRequest, "csr SAN: \(error)")
    }
    guard identity.trustDomain == trustDomain else {
      throw CAError(
        .invalidRequest,
        "csr SAN \(uri) is in trust domain \"\(identity.trustDomain)\"; this CA signs \"\(trustDomain)\"")
    }
    return ValidatedCSR(publicKey: csr.publicKey, identity: identity)
  }

  /// ECDSA P-256 (ztunnel's choice) or P-384, or RSA of at least 2048 bits (istio-agent's default).
  static func checkKey(_ key: Certificate.PublicKey) throws(CAError) {
    if P256.Signing.PublicKey(key) != nil || P384.Signing.PublicKey(key) != nil { return }
    if let rsa = _RSA.Signing.PublicKey(key) {
      guard rsa.keySizeInBits >= 2048 else {
        throw CAError(.invalidRequest, "csr RSA key has \(rsa.keySizeInBits) bits; at least 2048 are required")
      }
      return
    }
    throw CAError(.invalidRequest, "csr key type is not accepted; use ECDSA P-256 (preferred), P-384 or RSA >= 2048")
  }
}
