import CA
import Foundation
import MeshTestSupport
import Shared
import Synchronization
import Testing

struct CertificateManagerTests {
  static func source(
    _ dir: TempDir, policy: SigningPolicy = SigningPolicy(), token: String = "token-sleep", delay: Duration = .zero
  ) throws -> ScriptedSource {
    let ca = try Fixtures.selfSignedCA(in: dir, policy: policy)
    let inner = InProcessCertificateSource(
      service: Fixtures.service(ca: ca, pods: FixedPods()),
      credentials: CallerCredentials(bearerToken: token, clusterID: "Kubernetes"))
    return ScriptedSource(inner: inner, delay: delay)
  }

  @Test func concurrentRequestsShareOneCSR() async throws {
    let dir = try TempDir()
    let source = try Self.source(dir, delay: .milliseconds(200))
    let manager = CertificateManager(source: source, ownIdentity: Fixtures.sleep)
    let serials = try await withThrowingTaskGroup(of: String.self) { group in
      for _ in 0..<20 { group.addTask { try await manager.certificate(for: Fixtures.sleep).serialNumber } }
      return try await group.reduce(into: Set<String>()) { $0.insert($1) }
    }
    #expect(serials.count == 1)
    #expect(source.calls.withLock { $0 } == 1)
    _ = try await manager.certificate(for: Fixtures.sleep)  // cached
    #expect(source.calls.withLock { $0 } == 1)
  }

  @Test func certificateIsRotatedAtHalfLifeAndListenersHear() async throws {
    let dir = try TempDir()
    let source = try Self.source(dir, policy: SigningPolicy(defaultTTL: 4, maxTTL: 10, backdate: 0))
    let manager = CertificateManager(source: source, ownIdentity: Fixtures.sleep)
    let seen = Mutex<[String]>([])
    _ = await manager.addListener { cert in seen.withLock { $0.append(cert.serialNumber) } }
    let first = try await manager.certificate(for: Fixtures.sleep)
    #expect(abs(first.refreshAt.timeIntervalSince(first.receivedAt) - 2) < 0.5)
    #expect(seen.withLock { $0 } == [first.serialNumber])
    // Nobody asks: the manager renews on its own at half-life and tells the listener.
    #expect(await eventually(timeout: .seconds(6)) { seen.withLock { $0.count } >= 2 })
    let second = try await manager.certificate(for: Fixtures.sleep)
    #expect(second.serialNumber != first.serialNumber)
    #expect(seen.withLock { $0 }.last == second.serialNumber)
    #expect(source.calls.withLock { $0 } == 2)
    await manager.shutdown()
  }

  @Test func failedRefreshIsRetriedWhileTheOldCertificateServes() async throws {
    let dir = try TempDir()
    // A 12 s certificate: the failing retries (from ~6 s) happen well before it expires, even
    // when a loaded machine (a full parallel test run) slows them down.
    let source = try Self.source(dir, policy: SigningPolicy(defaultTTL: 12, maxTTL: 20, backdate: 0))
    let manager = CertificateManager(
      source: source, ownIdentity: Fixtures.sleep,
      retry: RetryBackoff(initial: .milliseconds(50), max: .milliseconds(100)))
    let first = try await manager.certificate(for: Fixtures.sleep)
    source.failing.withLock { $0 = true }
    // The refresh at ~6 s fails, and is retried with backoff...
    #expect(await eventually(timeout: .seconds(11)) { source.calls.withLock { $0 } >= 4 })
    // ...while the still-valid certificate keeps being served.
    #expect(try await manager.certificate(for: Fixtures.sleep).serialNumber == first.serialNumber)
    source.failing.withLock { $0 = false }
    #expect(
      await eventually { (try? await manager.certificate(for: Fixtures.sleep).serialNumber) != first.serialNumber })
    await manager.shutdown()
  }

  @Test func nodeAgentImpersonatesWorkloadsOnItsNode() async throws {
    let dir = try TempDir()
    let source = try Self.source(dir, token: "token-ztunnel-a")
    let ztunnel = try SpiffeIdentity(parsing: "spiffe://cluster.local/ns/istio-system/sa/ztunnel")
    let manager = CertificateManager(source: source, ownIdentity: ztunnel)
    #expect(try await manager.certificate(for: Fixtures.httpbin).identity == Fixtures.httpbin)
    await #expect(throws: CAError.self) { try await manager.certificate(for: Fixtures.sleep) }
    #expect(await manager.snapshot().map(\.identity) == [Fixtures.httpbin])
  }

  @Test func backoffGrowsWithJitterAndStaysCapped() {
    var backoff = RetryBackoff(initial: .milliseconds(10), max: .seconds(15))
    var delays: [Duration] = []
    for _ in 0..<15 { delays.append(backoff.next()) }
    #expect(delays[0] >= .milliseconds(5) && delays[0] <= .milliseconds(10))
    #expect(delays[5] >= .milliseconds(160) && delays[5] <= .milliseconds(320))
    #expect(delays.allSatisfy { $0 <= .seconds(15) })
    #expect(delays[14] >= .milliseconds(7500))
  }
}
