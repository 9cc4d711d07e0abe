import ArgumentParser
import CA
import Crypto
import Foundation
import GRPCCore
import Shared

/// `make bench-ca`: signings per second on one core (CSR check + sign, the CA's whole CPU path),
/// and CreateCertificate latency over gRPC+TLS on loopback, sequential and concurrent.
@main
struct CABench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(commandName: "ca-bench")

  @Option(help: "Signings in the single-core loop.") var signings = 5000
  @Option(help: "Sequential gRPC calls for latency.") var calls = 2000
  @Option(help: "Concurrent in-flight gRPC calls for the throughput run.") var concurrency = 16
  @Option(help: "Write results as JSON here.") var json: String?

  func run() async throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ca-bench-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let ca = try CertificateAuthority(store: DirectoryCAStore(directory: dir), mode: .selfSigned)
    let identity = try SpiffeIdentity(parsing: "spiffe://cluster.local/ns/bench/sa/client")
    let csrs = try (0..<max(signings, calls)).map { _ in
      try CSRBuilder.make(for: identity, key: P256.Signing.PrivateKey())
    }

    // 1. CPU path on one thread: inspect (parse + verify proof of possession) + sign + PEM.
    for csr in csrs.prefix(200) { _ = try ca.sign(try CSRInspector.inspect(pem: csr, trustDomain: "cluster.local")) }
    let clock = ContinuousClock()
    let start = clock.now
    for csr in csrs.prefix(signings) {
      _ = try ca.sign(try CSRInspector.inspect(pem: csr, trustDomain: "cluster.local"))
    }
    let elapsed = clock.now - start
    let perSecond = Double(signings) / elapsed.seconds
    print(
      String(
        format: "signing, 1 thread: %.0f signings/s (%.1f µs each, %d signings)", perSecond, 1e6 / perSecond, signings))

    // 2. Over gRPC + TLS on loopback, with a real token check.
    let tokens = ["bench-token": AuthenticatedCaller(namespace: "bench", serviceAccount: "client")]
    let service = CertificateService(
      ca: ca, authenticator: StaticTokenAuthenticator(tokens: tokens, clusterID: MeshDefaults.clusterID),
      authorizer: IdentityAuthorizer(trustDomain: "cluster.local", pods: nil))
    let server = try ControlPlaneServer(
      config: ControlPlaneServerConfig(
        host: "127.0.0.1", port: 0,
        identity: try SpiffeIdentity(parsing: "spiffe://cluster.local/ns/istio-system/sa/istiod"),
        servingNames: ["127.0.0.1"]),
      service: service)
    let results = try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await server.server.serve() }
      defer { server.server.beginGracefulShutdown() }
      guard let port = try await server.listeningPort() else { throw CAError(.unavailable, "no port") }
      let source = try GRPCCertificateSource(host: "127.0.0.1", port: port, rootPEM: ca.trustBundlePEM) {
        "bench-token"
      }
      group.addTask { try await source.run() }
      defer { source.close() }
      for csr in csrs.prefix(100) { _ = try await source.fetch(csrPEM: csr, ttlSeconds: 0, impersonating: nil) }
      var latencies: [Double] = []
      latencies.reserveCapacity(calls)
      for csr in csrs.prefix(calls) {
        let t0 = clock.now
        _ = try await source.fetch(csrPEM: csr, ttlSeconds: 0, impersonating: nil)
        latencies.append((clock.now - t0).seconds * 1000)
      }
      latencies.sort()
      let p50 = latencies[latencies.count / 2]
      let p99 = latencies[min(latencies.count - 1, latencies.count * 99 / 100)]
      print(
        String(
          format: "CreateCertificate over gRPC+TLS, sequential: p50 %.3f ms, p99 %.3f ms (%d calls)", p50, p99, calls))

      let t0 = clock.now
      try await withThrowingTaskGroup(of: Void.self) { inner in
        let perWorker = calls / concurrency
        for w in 0..<concurrency {
          inner.addTask {
            for i in 0..<perWorker {
              _ = try await source.fetch(csrPEM: csrs[w * perWorker + i], ttlSeconds: 0, impersonating: nil)
            }
          }
        }
        try await inner.waitForAll()
      }
      let rate = Double(calls / concurrency * concurrency) / (clock.now - t0).seconds
      print(
        String(
          format: "CreateCertificate over gRPC+TLS, %d in flight: %.0f certificates/s (all cores)", concurrency, rate))
      return (p50, p99, rate)
    }
    if let json {
      let object: [String: Any] = [
        "signings_per_second_one_thread": perSecond, "grpc_p50_ms": results.0, "grpc_p99_ms": results.1,
        "grpc_concurrent_per_second": results.2, "concurrency": concurrency, "signings": signings, "calls": calls,
      ]
      try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]).write(
        to: URL(fileURLWithPath: json))
    }
  }
}

extension Duration {
  var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
