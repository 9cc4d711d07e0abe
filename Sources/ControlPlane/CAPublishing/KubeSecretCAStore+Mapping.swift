import CA
import Foundation

/// `StoredCA` ⇄ Secret `data`, pure. The keys are Istio's file names (`StoredCA.*File`), so a
/// `cacerts` Secret made with `kubectl create secret generic cacerts --from-file=...` from Istio's
/// instructions is read as is.
extension KubeSecretCAStore {
  /// The keys a CA Secret must have (`cert-chain.pem` may be absent or empty for a root CA).
  public static let requiredKeys = [StoredCA.caCertFile, StoredCA.caKeyFile, StoredCA.rootCertFile]

  /// The CA in `data`; `nil` when none of the required keys is there (nothing stored yet).
  public static func storedCA(from data: [String: [UInt8]], location: String) throws(CAError) -> StoredCA? {
    let present = requiredKeys.filter { data[$0] != nil }
    if present.isEmpty { return nil }
    guard present.count == requiredKeys.count else {
      let missing = requiredKeys.filter { data[$0] == nil }
      throw CAError(
        .invalidCAMaterial,
        "\(location): missing key \(missing.joined(separator: ", ")); a CA Secret needs ca-cert.pem, ca-key.pem, "
          + "root-cert.pem and (for an intermediate CA) cert-chain.pem")
    }
    var activatedAt: Date? = nil
    if let text = try text(data, StoredCA.activatedAtFile, location: location),
      let seconds = TimeInterval(text.trimmingCharacters(in: .whitespacesAndNewlines))
    {
      activatedAt = Date(timeIntervalSince1970: seconds)
    }
    return StoredCA(
      caCertPEM: try text(data, StoredCA.caCertFile, location: location) ?? "",
      caKeyPEM: try text(data, StoredCA.caKeyFile, location: location) ?? "",
      certChainPEM: try text(data, StoredCA.certChainFile, location: location) ?? "",
      rootCertsPEM: try text(data, StoredCA.rootCertFile, location: location) ?? "",
      nextCACertPEM: try text(data, StoredCA.nextCACertFile, location: location),
      nextCAKeyPEM: try text(data, StoredCA.nextCAKeyFile, location: location),
      activatedAt: activatedAt)
  }

  /// The Secret `data` for `ca`. `cert-chain.pem` is always written (empty for a self-signed root,
  /// as istiod does); the rotation keys only when set.
  public static func secretData(for ca: StoredCA) -> [String: [UInt8]] {
    var data: [String: [UInt8]] = [
      StoredCA.caCertFile: Array(ca.caCertPEM.utf8),
      StoredCA.caKeyFile: Array(ca.caKeyPEM.utf8),
      StoredCA.certChainFile: Array(ca.certChainPEM.utf8),
      StoredCA.rootCertFile: Array(ca.rootCertsPEM.utf8),
    ]
    if let next = ca.nextCACertPEM { data[StoredCA.nextCACertFile] = Array(next.utf8) }
    if let next = ca.nextCAKeyPEM { data[StoredCA.nextCAKeyFile] = Array(next.utf8) }
    if let activatedAt = ca.activatedAt {
      data[StoredCA.activatedAtFile] = Array(String(Int(activatedAt.timeIntervalSince1970)).utf8)
    }
    return data
  }

  private static func text(_ data: [String: [UInt8]], _ key: String, location: String) throws(CAError) -> String? {
    guard let bytes = data[key] else { return nil }
    guard let text = String(bytes: bytes, encoding: .utf8) else {
      throw CAError(.invalidCAMaterial, "\(location): key \(key) is not UTF-8 text; it must hold PEM")
    }
    return text
  }
}
