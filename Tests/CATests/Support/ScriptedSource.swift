import CA
import Shared
import Synchronization

/// A source that delegates to the in-process CA, counting calls, optionally slow or failing.
final class ScriptedSource: CertificateSource, Sendable {
  let inner: InProcessCertificateSource
  let delay: Duration
  /// While true, every call fails (the CA is "down").
  let failing = Mutex(false)
  let calls = Mutex(0)

  init(inner: InProcessCertificateSource, delay: Duration = .zero) {
    self.inner = inner
    self.delay = delay
  }

  func fetch(csrPEM: String, ttlSeconds: Int64, impersonating: SpiffeIdentity?) async throws(CAError) -> [String] {
    let n = calls.withLock { c in
      c += 1
      return c
    }
    try? await Task.sleep(for: delay)
    if failing.withLock({ $0 }) { throw CAError(.unavailable, "scripted failure of call #\(n)") }
    return try await inner.fetch(csrPEM: csrPEM, ttlSeconds: ttlSeconds, impersonating: impersonating)
  }
}
