import CA
import HBONE
import Logging
import Shared
import Synchronization

/// The waypoint's one TLS identity, ready for the hot path: the certificate manager fetches and
/// rotates it; this holds the converted credential so a new connection costs a lock and a copy.
/// Connections established before a rotation keep the credential they started with.
final class OwnCredential: Sendable {
  let manager: CertificateManager
  let identity: SpiffeIdentity
  private let current = Mutex<HBONECredential?>(nil)
  private let logger: Logger

  init(manager: CertificateManager, identity: SpiffeIdentity, logger: Logger) {
    self.manager = manager
    self.identity = identity
    self.logger = logger
  }

  var credential: HBONECredential? { current.withLock { $0 } }

  /// Subscribes to rotations and fetches the first certificate, retrying until it succeeds or
  /// the task is cancelled (readiness stays false until then).
  func run() async {
    let identity = self.identity
    _ = await manager.addListener { [weak self] certificate in
      guard certificate.identity == identity else { return }
      self?.install(certificate)
    }
    var delay = Duration.milliseconds(200)
    while !Task.isCancelled, credential == nil {
      do {
        install(try await manager.certificate(for: identity))
      } catch {
        logger.warning(
          "waypoint certificate not issued yet; retrying",
          metadata: ["waypoint.identity": "\(identity)", "waypoint.error": "\(error)"])
        try? await Task.sleep(for: delay)
        delay = min(delay * 2, .seconds(10))
      }
    }
  }

  private func install(_ certificate: WorkloadCertificate) {
    do {
      let credential = try HBONECredential(
        identity: certificate.identity, chainPEMs: certificate.chainPEMs,
        privateKeyPEM: certificate.privateKey.pemRepresentation)
      current.withLock { $0 = credential }
    } catch {
      logger.error("waypoint certificate unusable for TLS", metadata: ["waypoint.error": "\(error)"])
    }
  }
}
