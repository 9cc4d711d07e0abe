import CA
import Foundation
import MeshTestSupport
import Shared
import Testing

/// CreateCertificate over real TLS on loopback: our own client, and Python grpcio written only
/// from the wire facts.
struct GRPCInteropTests {
  static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Interop/ca_client.py").path

  @Test func swiftClientGetsACertificateOverTLS() async throws {
    let dir = try TempDir()
    let ca = try Fixtures.selfSignedCA(in: dir)
    try await RunningCAServer.with(ca: ca) { port in
      let source = try GRPCCertificateSource(host: "127.0.0.1", port: port, rootPEM: ca.trustBundlePEM) {
        "token-sleep"
      }
      try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await source.run() }
        defer { source.close() }
        let manager = CertificateManager(source: source, ownIdentity: Fixtures.sleep)
        let cert = try await manager.certificate(for: Fixtures.sleep)
        #expect(cert.identity == Fixtures.sleep)
        #expect(cert.rootPEM == ca.authority.signingRootPEM)

        let refused = try GRPCCertificateSource(host: "127.0.0.1", port: port, rootPEM: ca.trustBundlePEM) { "nope" }
        group.addTask { try await refused.run() }
        defer { refused.close() }
        await #expect {
          try await refused.fetch(csrPEM: try Fixtures.csr(for: Fixtures.sleep).pem, ttlSeconds: 0, impersonating: nil)
        } throws: { ($0 as? CAError)?.code == .unauthenticated && "\($0)".contains("not recognised") }
      }
    }
  }

  @Test func clientRefusesACAItDoesNotTrust() async throws {
    let dir = try TempDir()
    let ca = try Fixtures.selfSignedCA(in: dir)
    let stranger = try CertificateAuthority(
      store: DirectoryCAStore(directory: dir.url.appendingPathComponent("other")), mode: .selfSigned)
    try await RunningCAServer.with(ca: ca) { port in
      let source = try GRPCCertificateSource(host: "127.0.0.1", port: port, rootPEM: stranger.trustBundlePEM) {
        "token-sleep"
      }
      await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await source.run() }
        defer { source.close() }
        await #expect(throws: CAError.self) {
          try await source.fetch(csrPEM: try Fixtures.csr(for: Fixtures.sleep).pem, ttlSeconds: 0, impersonating: nil)
        }
      }
    }
  }

  @Test func pythonGrpcioClientGetsAValidCertificate() async throws {
    let dir = try TempDir()
    let ca = try Fixtures.selfSignedCA(in: dir)
    try dir.write("root.pem", ca.trustBundlePEM)
    try await RunningCAServer.with(ca: ca, pods: FixedPods()) { port in
      let ok = try await Tool.ok([
        "python3", Self.script, "--port", "\(port)", "--root", dir.path("root.pem"), "--token", "token-sleep",
        "--identity", Fixtures.sleep.uri, "--ttl", "7200",
      ])
      let facts = try JSONSerialization.jsonObject(with: Data(ok.utf8)) as! [String: Any]
      #expect(facts["chain_len"] as? Int == 2)
      #expect(facts["uris"] as? [String] == [Fixtures.sleep.uri])
      #expect(facts["san_critical"] as? Bool == true)
      #expect(facts["subject"] as? String == "")
      #expect(facts["same_key"] as? Bool == true)
      #expect(facts["root_matches"] as? Bool == true)
      #expect(facts["lifetime_seconds"] as? Int == 7200 + 120)

      let impersonated = try await Tool.ok([
        "python3", Self.script, "--port", "\(port)", "--root", dir.path("root.pem"), "--token", "token-ztunnel-a",
        "--identity", Fixtures.httpbin.uri, "--impersonate",
      ])
      #expect(impersonated.contains(Fixtures.httpbin.uri))

      let denied: Tool.Result = try await Tool.run([
        "python3", Self.script, "--port", "\(port)", "--root", dir.path("root.pem"), "--token", "token-sleep",
        "--identity", Fixtures.httpbin.uri,
      ])
      #expect(denied.status == 3)
      #expect(denied.stdout.contains("PERMISSION_DENIED"))
      #expect(denied.stdout.contains("differs from the identity"))
    }
  }
}
