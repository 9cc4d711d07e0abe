import Foundation
import X509

/// Turns stored PEM files into a `SigningAuthority`, refusing material that would issue
/// certificates nobody can verify. Every error names the file at fault.
enum CAMaterialLoader {
  static func load(
    _ stored: StoredCA, location: String, selfSigned: Bool, now: Date
  ) throws(CAError)
    -> SigningAuthority
  {
    let caCert = try single(stored.caCertPEM, file: "\(location)/\(StoredCA.caCertFile)")
    let caKey = try privateKey(stored.caKeyPEM, file: "\(location)/\(StoredCA.caKeyFile)")
    let chain = try PEMText.certificates(in: stored.certChainPEM, file: "\(location)/\(StoredCA.certChainFile)")
    let roots = try PEMText.certificates(in: stored.rootCertsPEM, file: "\(location)/\(StoredCA.rootCertFile)")
    guard !roots.isEmpty else {
      throw CAError(.invalidCAMaterial, "\(location)/\(StoredCA.rootCertFile) holds no certificate")
    }
    return try authority(
      caCert: caCert, caKey: caKey, chain: chain, roots: roots, location: location, selfSigned: selfSigned, now: now)
  }

  /// Checks that the key matches, the CA may sign, nothing is expired, and the signing cert
  /// chains (through `chain`) to one of `roots`; then fixes the chain sent with every leaf.
  static func authority(
    caCert: Certificate, caKey: Certificate.PrivateKey, chain: [Certificate], roots: [Certificate], location: String,
    selfSigned: Bool, now: Date
  ) throws(CAError) -> SigningAuthority {
    let certFile = "\(location)/\(StoredCA.caCertFile)"
    guard caKey.publicKey == caCert.publicKey else {
      throw CAError(
        .invalidCAMaterial,
        "\(location)/\(StoredCA.caKeyFile) does not match \(StoredCA.caCertFile): the key's public half differs "
          + "from the certificate's")
    }
    let constraints = try? caCert.extensions.basicConstraints
    guard case .isCertificateAuthority = constraints else {
      throw CAError(.invalidCAMaterial, "\(certFile) is not a CA certificate (basicConstraints CA:TRUE is missing)")
    }
    try checkValidity(caCert, file: certFile, now: now)
    for root in roots { try checkValidity(root, file: "\(location)/\(StoredCA.rootCertFile)", now: now) }
    for cert in chain { try checkValidity(cert, file: "\(location)/\(StoredCA.certChainFile)", now: now) }

    // Walk up from the signing cert: intermediates from cert-chain.pem, ending at a trusted root.
    var path: [Certificate] = [caCert]
    var current = caCert
    while true {
      if let root = roots.first(where: { $0.publicKey.isValidSignature(current.signature, for: current) }) {
        if root != current { path.append(root) }
        break
      }
      guard path.count < 10,
        let parent = chain.first(where: {
          $0 != current && $0.publicKey.isValidSignature(current.signature, for: current)
        })
      else {
        throw CAError(
          .invalidCAMaterial,
          "\(certFile) does not chain to any certificate in \(StoredCA.rootCertFile) (via \(StoredCA.certChainFile)); "
            + "check that the files belong to the same CA")
      }
      path.append(parent)
      current = parent
    }
    return try SigningAuthority(
      certificate: caCert, privateKey: caKey, chainPEMs: try PEMText.of(path),
      trustBundle: roots, selfSigned: selfSigned)
  }

  static func single(_ pem: String, file: String) throws(CAError) -> Certificate {
    let certs = try PEMText.certificates(in: pem, file: file)
    guard let first = certs.first else { throw CAError(.invalidCAMaterial, "\(file) holds no certificate") }
    return first
  }

  static func privateKey(_ pem: String, file: String) throws(CAError) -> Certificate.PrivateKey {
    do {
      return try Certificate.PrivateKey(pemEncoded: pem)
    } catch {
      throw CAError(.invalidCAMaterial, "\(file) is not a usable private key (PEM EC, RSA or PKCS#8): \(error)")
    }
  }

  private static func checkValidity(_ cert: Certificate, file: String, now: Date) throws(CAError) {
    if cert.notValidAfter <= now {
      throw CAError(
        .invalidCAMaterial, "\(file): certificate \"\(cert.subject)\" expired at \(iso(cert.notValidAfter))")
    }
    if cert.notValidBefore > now.addingTimeInterval(300) {
      throw CAError(
        .invalidCAMaterial, "\(file): certificate \"\(cert.subject)\" is not valid until \(iso(cert.notValidBefore))")
    }
  }

  private static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
}
