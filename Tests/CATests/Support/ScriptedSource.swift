import CA
import Shared
import Synchronization

/// A source that delegates to the in-process CA, counting calls, optionally slow or failing.
final class ScriptedSource: CertificateSource, Sendable {
  let inner: InProcessCertificateSource
  let delay: Duration
  /// Call numbers (1-based) that fail.
  let failing: Set<Int>
  let calls = Mutex(0)

  init(inner: InProcessCertificateSource, delay: Duration = .zero, failing: Set<Int> = []) {
    self.inner = inner
    self.delay = delay
    self.failing = failing
  }

  func fetch(csrPEM: String, ttlSeconds: Int64, impersonating: SpiffeIdentity?) async throws(CAError) -> [String] {
    let n = calls.withLock { c in
      c += 1
      return c
    }
    try? await Task.sleep(for: delay)
    if failing.contains(n) { throw CAError(.unavailable, "scripted failure #\(n)") }
    return try await inner.fetch(csrPEM: csrPEM, ttlSeconds: ttlSeconds, impersonating: impersonating)
  }
}
