import Foundation

/// Keeps the CA in a directory with Istio's file names. The private key is written 0600 and
/// every file is replaced atomically (write to a temp file, then rename), so a crash never
/// leaves a half-written key next to a new certificate.
public struct DirectoryCAStore: CAStore {
  public let directory: URL
  public let readOnly: Bool

  public init(directory: URL, readOnly: Bool = false) {
    self.directory = directory
    self.readOnly = readOnly
  }

  public var location: String { directory.path }

  public func load() throws(CAError) -> StoredCA? {
    let required = [StoredCA.caCertFile, StoredCA.caKeyFile, StoredCA.rootCertFile]
    let present = required.filter { FileManager.default.fileExists(atPath: path($0)) }
    if present.isEmpty { return nil }
    if present.count != required.count {
      let missing = required.filter { !present.contains($0) }
      throw CAError(
        .invalidCAMaterial,
        "\(location): missing \(missing.joined(separator: ", ")); a CA directory needs ca-cert.pem, ca-key.pem, "
          + "root-cert.pem and (for an intermediate CA) cert-chain.pem")
    }
    var activatedAt: Date? = nil
    if let text = try readOptional(StoredCA.activatedAtFile),
      let seconds = TimeInterval(text.trimmingCharacters(in: .whitespacesAndNewlines))
    {
      activatedAt = Date(timeIntervalSince1970: seconds)
    }
    return StoredCA(
      caCertPEM: try read(StoredCA.caCertFile), caKeyPEM: try read(StoredCA.caKeyFile),
      certChainPEM: try readOptional(StoredCA.certChainFile) ?? "", rootCertsPEM: try read(StoredCA.rootCertFile),
      nextCACertPEM: try readOptional(StoredCA.nextCACertFile), nextCAKeyPEM: try readOptional(StoredCA.nextCAKeyFile),
      activatedAt: activatedAt)
  }

  public func save(_ ca: StoredCA) throws(CAError) {
    guard !readOnly else { throw CAError(.storage, "\(location) is a plug-in CA directory and is never written") }
    do {
      try FileManager.default.createDirectory(
        at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    } catch {
      throw CAError(.storage, "cannot create CA directory \(location): \(error.localizedDescription)")
    }
    try write(StoredCA.caKeyFile, ca.caKeyPEM, secret: true)
    try write(StoredCA.caCertFile, ca.caCertPEM)
    try write(StoredCA.certChainFile, ca.certChainPEM)
    try write(StoredCA.rootCertFile, ca.rootCertsPEM)
    try write(StoredCA.nextCAKeyFile, ca.nextCAKeyPEM, secret: true)
    try write(StoredCA.nextCACertFile, ca.nextCACertPEM)
    try write(StoredCA.activatedAtFile, ca.activatedAt.map { String(Int($0.timeIntervalSince1970)) })
  }

  private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

  private func read(_ name: String) throws(CAError) -> String {
    do {
      return try String(contentsOfFile: path(name), encoding: .utf8)
    } catch {
      throw CAError(.invalidCAMaterial, "cannot read \(path(name)): \(error.localizedDescription)")
    }
  }

  private func readOptional(_ name: String) throws(CAError) -> String? {
    FileManager.default.fileExists(atPath: path(name)) ? try read(name) : nil
  }

  /// Writes `contents`, or removes the file when nil.
  private func write(_ name: String, _ contents: String?, secret: Bool = false) throws(CAError) {
    let target = path(name)
    do {
      guard let contents else {
        if FileManager.default.fileExists(atPath: target) { try FileManager.default.removeItem(atPath: target) }
        return
      }
      let temp = target + ".tmp"
      let created = FileManager.default.createFile(
        atPath: temp, contents: Data(contents.utf8), attributes: [.posixPermissions: secret ? 0o600 : 0o644])
      guard created else { throw CAError(.storage, "cannot write \(temp): check permissions and free space") }
      if rename(temp, target) != 0 {
        throw CAError(.storage, "cannot replace \(target): \(String(cString: strerror(errno)))")
      }
    } catch let error as CAError {
      throw error
    } catch {
      throw CAError(.storage, "cannot write \(target): \(error.localizedDescription)")
    }
  }
}
