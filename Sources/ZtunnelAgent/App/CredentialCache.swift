import CA
import HBONE
import Logging
import Shared
import Synchronization

/// Workload TLS credentials ready for the HBONE hot path: the certificate manager fetches and
/// rotates certificates (async, actor); this cache holds the converted `HBONECredential` of each
/// identity so that choosing a server certificate for a new connection is a lock and a lookup.
/// Rotation replaces the entry; connections already established keep the old one.
final class CredentialCache: Sendable {
  private let manager: CertificateManager
  private let entries = Mutex<[SpiffeIdentity: HBONECredential]>([:])
  private let logger: Logger

  init(manager: CertificateManager, logger: Logger) {
    self.manager = manager
    self.logger = logger
  }

  /// Subscribes to the manager so rotated certificates replace cached credentials.
  func start() async {
    _ = await manager.addListener { [weak self] certificate in _ = try? self?.install(certificate) }
  }

  /// The cached credential, if one was fetched.
  func cached(_ identity: SpiffeIdentity) -> HBONECredential? { entries.withLock { $0[identity] } }

  /// The credential for `identity`, fetched through the certificate manager when missing.
  func credential(for identity: SpiffeIdentity) async throws -> HBONECredential {
    if let cached = cached(identity) { return cached }
    let certificate = try await manager.certificate(for: identity)
    return try install(certificate)
  }

  /// Starts fetching ahead of first use (a workload appeared on this node).
  func prefetch(_ identity: SpiffeIdentity) {
    Task { _ = try? await self.credential(for: identity) }
  }

  /// Drops an identity no local workload uses any more.
  func forget(_ identity: SpiffeIdentity) async {
    entries.withLock { _ = $0.removeValue(forKey: identity) }
    await manager.forget(identity)
  }

  var identities: [SpiffeIdentity] { entries.withLock { Array($0.keys) } }

  @discardableResult
  private func install(_ certificate: WorkloadCertificate) throws -> HBONECredential {
    do {
      let credential = try HBONECredential(
        identity: certificate.identity, chainPEMs: certificate.chainPEMs,
        privateKeyPEM: certificate.privateKey.pemRepresentation)
      entries.withLock { $0[certificate.identity] = credential }
      return credential
    } catch {
      logger.error(
        "workload certificate unusable for TLS",
        metadata: ["ztunnel.identity": "\(certificate.identity)", "ztunnel.error": "\(error)"])
      throw error
    }
  }
}
