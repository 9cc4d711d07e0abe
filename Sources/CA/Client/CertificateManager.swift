import Crypto
import Foundation
import Logging
import Shared

/// The agent-side cache of workload certificates, one per identity.
///
/// - Concurrent requests for one identity share a single CSR round trip.
/// - Each certificate is replaced at half its lifetime; a failed refresh is retried with jittered
///   backoff while the current certificate stays in use until it actually expires.
/// - Listeners hear about every new certificate (first issue and rotation), so listeners can
///   swap TLS contexts without dropping established connections.
public actor CertificateManager {
  public typealias Listener = @Sendable (WorkloadCertificate) -> Void

  private struct Entry {
    var current: WorkloadCertificate?
    var inflight: Task<WorkloadCertificate, any Error>?
    var refresher: Task<Void, Never>?
  }

  private let source: any CertificateSource
  /// The agent's own identity; certificates for any other identity are requested by impersonation.
  private let ownIdentity: SpiffeIdentity?
  private let ttlSeconds: Int64
  private let retry: RetryBackoff
  private let logger: Logger
  private var entries: [SpiffeIdentity: Entry] = [:]
  private var listeners: [Int: Listener] = [:]
  private var nextListenerID = 0

  public init(
    source: any CertificateSource, ownIdentity: SpiffeIdentity?, ttlSeconds: Int64 = 0,
    retry: RetryBackoff = RetryBackoff(initial: .milliseconds(200), max: .seconds(30)),
    logger: Logger = Logger(label: "mesh.certs")
  ) {
    self.source = source
    self.ownIdentity = ownIdentity
    self.ttlSeconds = ttlSeconds
    self.retry = retry
    self.logger = logger
  }

  /// A valid certificate for `identity`, fetched if needed.
  public func certificate(for identity: SpiffeIdentity) async throws(CAError) -> WorkloadCertificate {
    if let current = entries[identity]?.current, current.notAfter > Date() { return current }
    let task: Task<WorkloadCertificate, any Error>
    if let inflight = entries[identity]?.inflight {
      task = inflight
    } else {
      task = Task { try await self.fetchAndStore(identity) }
      entries[identity, default: Entry()].inflight = task
    }
    do {
      return try await task.value
    } catch let error as CAError {
      throw error
    } catch {
      throw CAError(.unavailable, "fetching a certificate for \(identity) failed: \(error)")
    }
  }

  /// Starts fetching ahead of first use (e.g. when a pod is scheduled onto the node).
  public func prefetch(_ identity: SpiffeIdentity) {
    Task { _ = try? await self.certificate(for: identity) }
  }

  /// Drops the certificate and stops refreshing it (the last pod with that identity left).
  public func forget(_ identity: SpiffeIdentity) {
    entries[identity]?.refresher?.cancel()
    entries[identity] = nil
  }

  public func addListener(_ listener: @escaping Listener) -> Int {
    nextListenerID += 1
    listeners[nextListenerID] = listener
    return nextListenerID
  }

  public func removeListener(_ id: Int) { listeners[id] = nil }

  /// Every certificate held now, for `/config_dump`.
  public func snapshot() -> [WorkloadCertificate] {
    entries.values.compactMap(\.current).sorted { $0.identity < $1.identity }
  }

  /// Stops all refresh tasks (agent shutdown).
  public func shutdown() {
    for entry in entries.values { entry.refresher?.cancel() }
    entries.removeAll()
  }

  private func fetchAndStore(_ identity: SpiffeIdentity) async throws -> WorkloadCertificate {
    defer { entries[identity]?.inflight = nil }
    let certificate = try await fetch(identity)
    install(certificate)
    return certificate
  }

  private func fetch(_ identity: SpiffeIdentity) async throws(CAError) -> WorkloadCertificate {
    let key = P256.Signing.PrivateKey()
    let csr = try CSRBuilder.make(for: identity, key: key)
    let chain = try await source.fetch(
      csrPEM: csr, ttlSeconds: ttlSeconds, impersonating: identity == ownIdentity ? nil : identity)
    return try WorkloadCertificate(identity: identity, privateKey: key, chainPEMs: chain)
  }

  private func install(_ certificate: WorkloadCertificate) {
    let identity = certificate.identity
    guard entries[identity] != nil else { return }  // forgotten meanwhile
    entries[identity]?.current = certificate
    entries[identity]?.refresher?.cancel()
    entries[identity]?.refresher = Task { await self.refreshLoop(identity, at: certificate.refreshAt) }
    logger.info(
      "certificate installed",
      metadata: ["certs.identity": "\(identity)", "certs.expires": "\(certificate.notAfter)"])
    for listener in listeners.values { listener(certificate) }
  }

  private func refreshLoop(_ identity: SpiffeIdentity, at refreshAt: Date) async {
    var backoff = retry
    var wait = Duration.seconds(Swift.max(0, refreshAt.timeIntervalSinceNow))
    while !Task.isCancelled {
      do { try await Task.sleep(for: wait) } catch { return }
      do {
        let fresh = try await fetch(identity)
        install(fresh)  // schedules the next refresh and cancels this loop
        return
      } catch {
        wait = backoff.next()
        logger.warning(
          "certificate refresh failed; retrying",
          metadata: ["certs.identity": "\(identity)", "certs.error": "\(error.message)", "certs.retryIn": "\(wait)"])
      }
    }
  }
}
