import Crypto
import Foundation
import X509

/// The dev API server's certificates: a self-signed cluster CA (P-256, 10 years) and a serving
/// certificate for 127.0.0.1, ::1 and localhost (plus extra SANs given), 1 year, signed by it.
///
/// Kept in `directory` (created 0700; keys 0600; atomic writes) so that kubeconfigs written by an
/// earlier run keep working: reused on restart when present and valid for the requested SANs, the
/// serving certificate (only) regenerated when a SAN is missing or it expires within 30 days.
public struct DevPKI: Sendable {
  public static let caCertificateFile = "ca.pem"
  public static let caPrivateKeyFile = "ca-key.pem"
  public static let serverCertificateFile = "server.pem"
  public static let serverPrivateKeyFile = "server-key.pem"
  public static let adminTokenFile = "admin-token"

  /// Where the files live.
  public let directory: String
  public let caCertificatePEM: String
  /// The leaf only: the CA is what clients trust, so there is no chain to send.
  public let serverCertificatePEM: String
  /// PKCS#8 PEM.
  public let serverPrivateKeyPEM: String
  /// The admin bearer token (random 32 bytes, base64url), persisted as `admin-token` in the
  /// directory: what the kubeconfig carries and what the server accepts as cluster-admin.
  public let adminToken: String

  public var caCertificatePath: String { Self.path(directory, Self.caCertificateFile) }
  public var serverCertificatePath: String { Self.path(directory, Self.serverCertificateFile) }
  public var serverPrivateKeyPath: String { Self.path(directory, Self.serverPrivateKeyFile) }

  /// Loads the PKI from `directory`, creating what is missing. `now` is for tests of renewal.
  public static func loadOrCreate(
    directory: String, extraSANs: [String] = [], now: Date = Date()
  ) throws(DevPKIError) -> DevPKI {
    let names = try ServingNames.required(extra: extraSANs)
    try SecureFile.ensureDirectory(directory)
    let (ca, caKey) = try loadOrCreateCA(directory: directory, now: now)
    let caPEM = try DevPEM.encode(ca)

    let serving = try loadOrIssueServing(directory: directory, names: names, ca: ca, caKey: caKey, now: now)
    return DevPKI(
      directory: directory, caCertificatePEM: caPEM, serverCertificatePEM: serving.certificatePEM,
      serverPrivateKeyPEM: serving.keyPEM, adminToken: try loadOrCreateAdminToken(directory: directory))
  }

  /// Whether a presented bearer token is the admin token, compared in constant time so response
  /// timing does not reveal how much of a guess was right.
  public func acceptsAdminToken(_ presented: String) -> Bool {
    let expected = Array(adminToken.utf8)
    let given = Array(presented.utf8)
    var difference = UInt8(truncatingIfNeeded: expected.count ^ given.count)
    for index in 0..<expected.count {
      difference |= expected[index] ^ (index < given.count ? given[index] : 0)
    }
    return difference == 0 && expected.count == given.count
  }

  /// A fresh admin token: 32 random bytes, base64url.
  static func makeToken() -> String {
    var generator = SystemRandomNumberGenerator()
    var bytes: [UInt8] = []
    bytes.reserveCapacity(32)
    for _ in 0..<32 { bytes.append(UInt8.random(in: .min ... .max, using: &generator)) }
    return Base64URL.encode(bytes)
  }

  private static func loadOrCreateCA(
    directory: String, now: Date
  ) throws(DevPKIError) -> (Certificate, P256.Signing.PrivateKey) {
    let certificatePath = path(directory, caCertificateFile)
    let keyPath = path(directory, caPrivateKeyFile)
    let certificatePEM = try SecureFile.read(certificatePath)
    let keyPEM = try SecureFile.read(keyPath)
    switch (certificatePEM, keyPEM) {
    case (let certificatePEM?, let keyPEM?):
      let certificate = try DevPEM.certificate(certificatePEM, file: certificatePath)
      let key = try DevPEM.privateKey(keyPEM, file: keyPath)
      guard let reason = ServingCertificatePolicy.caReplacementReason(ca: certificate, key: key, now: now) else {
        return (certificate, key)
      }
      if Certificate.PublicKey(key.publicKey) != certificate.publicKey {
        // Never silently replace a CA that clients may trust: the user decides.
        throw DevPKIError(
          "\(keyPath) does not belong to \(certificatePath) (\(reason)); restore the matching pair or delete "
            + "\(directory) to create a new CA (kubeconfigs written before must then be written again)")
      }
    // An expiring CA is replaced: every certificate it signed is about to fail anyway.
    case (nil, nil):
      break
    case (nil, _?):
      throw DevPKIError(
        "\(keyPath) exists without \(certificatePath); restore the certificate or delete the key to create a new CA")
    case (_?, nil):
      throw DevPKIError(
        "\(certificatePath) exists without \(keyPath); restore the key or delete the certificate to create a new CA")
    }
    let (certificate, key) = try DevCertificateFactory.makeCA(now: now)
    try SecureFile.write(DevPEM.encode(key), to: keyPath, mode: 0o600)
    try SecureFile.write(try DevPEM.encode(certificate), to: certificatePath, mode: 0o644)
    return (certificate, key)
  }

  private static func loadOrIssueServing(
    directory: String, names: [GeneralName], ca: Certificate, caKey: P256.Signing.PrivateKey, now: Date
  ) throws(DevPKIError) -> (certificatePEM: String, keyPEM: String) {
    let certificatePath = path(directory, serverCertificateFile)
    let keyPath = path(directory, serverPrivateKeyFile)
    if let certificatePEM = try SecureFile.read(certificatePath), let keyPEM = try SecureFile.read(keyPath),
      let certificate = try? DevPEM.certificate(certificatePEM, file: certificatePath),
      let key = try? DevPEM.privateKey(keyPEM, file: keyPath),
      ServingCertificatePolicy.renewalReason(certificate: certificate, key: key, ca: ca, required: names, now: now)
        == nil
    {
      return (certificatePEM, keyPEM)
    }
    // Unreadable, foreign, expiring or short of a SAN: the serving pair is derived material, so it
    // is simply issued again. Key first: a crash in between leaves a mismatch that the next start
    // detects and repairs.
    let (certificate, key) = try DevCertificateFactory.makeServing(names: names, ca: ca, caKey: caKey, now: now)
    let issued = (certificatePEM: try DevPEM.encode(certificate), keyPEM: DevPEM.encode(key))
    try SecureFile.write(issued.keyPEM, to: keyPath, mode: 0o600)
    try SecureFile.write(issued.certificatePEM, to: certificatePath, mode: 0o644)
    return issued
  }

  private static func loadOrCreateAdminToken(directory: String) throws(DevPKIError) -> String {
    let tokenPath = path(directory, adminTokenFile)
    if let stored = try SecureFile.read(tokenPath)?.trimmingCharacters(in: .whitespacesAndNewlines), !stored.isEmpty {
      guard !stored.contains(where: \.isWhitespace) else {
        throw DevPKIError("\(tokenPath) must hold one token without spaces; delete it so that a new one is generated")
      }
      return stored
    }
    let token = makeToken()
    try SecureFile.write(token + "\n", to: tokenPath, mode: 0o600)
    return token
  }

  static func path(_ directory: String, _ file: String) -> String {
    URL(fileURLWithPath: directory).appendingPathComponent(file).path
  }
}
