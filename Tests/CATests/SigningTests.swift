import CA
import Foundation
import MeshTestSupport
import Shared
import Testing
import SwiftASN1
import X509

/// Issued certificates as the real OpenSSL sees them, and CSRs that must be refused.
struct SigningTests {
  let dir: TempDir
  let ca: CertificateAuthority
  let service: CertificateService
  let sleepCredentials = CallerCredentials(bearerToken: "token-sleep", clusterID: "Kubernetes")

  init() throws {
    dir = try TempDir()
    ca = try Fixtures.selfSignedCA(in: dir)
    service = Fixtures.service(ca: ca)
  }

  func request(_ csr: String, ttl: Int64 = 0) -> Istio_V1_Auth_IstioCertificateRequest {
    .with {
      $0.csr = csr
      $0.validityDuration = ttl
    }
  }

  @Test func issuedChainVerifiesWithOpenSSLAndHasOnlyTheURISAN() async throws {
    let chain = try await service.issue(
      request(try Fixtures.csr(for: Fixtures.sleep).pem), credentials: sleepCredentials)
    #expect(chain.count == 2)
    #expect(chain.last == ca.authority.signingRootPEM)
    try dir.write("leaf.pem", chain[0])
    try dir.write("root.pem", ca.trustBundlePEM)
    let verified = try await Tool.ok(["openssl", "verify", "-CAfile", dir.path("root.pem"), dir.path("leaf.pem")])
    #expect(verified.contains(": OK"))
    for purpose in ["sslclient", "sslserver"] {
      try await Tool.ok([
        "openssl", "verify", "-purpose", purpose, "-CAfile", dir.path("root.pem"), dir.path("leaf.pem"),
      ])
    }
    let text = try await Tool.ok(["openssl", "x509", "-in", dir.path("leaf.pem"), "-noout", "-text"])
    #expect(text.contains("URI:spiffe://cluster.local/ns/ambient-apps/sa/sleep-ambient"))
    #expect(text.contains("X509v3 Subject Alternative Name: critical"))
    #expect(text.contains("TLS Web Server Authentication, TLS Web Client Authentication"))
    #expect(text.contains("CA:FALSE"))
    let subjectLine = text.split(separator: "\n").first { $0.contains("Subject:") }
    #expect(subjectLine?.trimmingCharacters(in: .whitespaces) == "Subject:")
    #expect(!text.contains("DNS:"))
    let subject = try await Tool.ok(["openssl", "x509", "-in", dir.path("leaf.pem"), "-noout", "-subject"])
    #expect(subject.trimmingCharacters(in: .whitespacesAndNewlines) == "subject=")
  }

  @Test func defaultLifetimeIs24HoursWithBackdate() async throws {
    let before = Date()
    let chain = try await service.issue(
      request(try Fixtures.csr(for: Fixtures.sleep).pem), credentials: sleepCredentials)
    let leaf = try Certificate(pemEncoded: chain[0])
    #expect(abs(leaf.notValidAfter.timeIntervalSince(before) - 24 * 3600) < 5)
    #expect(leaf.notValidBefore < before.addingTimeInterval(-60))
  }

  @Test func requestedLifetimeIsHonoured() async throws {
    let chain = try await service.issue(
      request(try Fixtures.csr(for: Fixtures.sleep).pem, ttl: 3600), credentials: sleepCredentials)
    let leaf = try Certificate(pemEncoded: chain[0])
    #expect(abs(leaf.notValidAfter.timeIntervalSinceNow - 3600) < 5)
  }

  @Test func lifetimeOverTheCapIsRefused() async throws {
    await #expect {
      try await service.issue(
        request(try Fixtures.csr(for: Fixtures.sleep).pem, ttl: 91 * 86400), credentials: sleepCredentials)
    } throws: { ($0 as? CAError)?.code == .invalidRequest && "\($0)".contains("maximum of 7776000s (90 days)") }
  }

  @Test func csrMadeByOpenSSLIsSignedAndItsSubjectIgnored() async throws {
    let csr = try opensslCSR(
      key: ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"], subject: "/CN=admin/O=evil",
      san: "critical,URI:\(Fixtures.sleep.uri)")
    let chain = try await service.issue(request(csr), credentials: sleepCredentials)
    try dir.write("leaf.pem", chain[0])
    let subject = try await Tool.ok(["openssl", "x509", "-in", dir.path("leaf.pem"), "-noout", "-subject"])
    #expect(!subject.contains("admin") && !subject.contains("evil"))
  }

  @Test func rsa2048CSRIsAccepted() async throws {
    let csr = try opensslCSR(key: ["-newkey", "rsa:2048"], san: "URI:\(Fixtures.sleep.uri)")
    #expect(try await service.issue(request(csr), credentials: sleepCredentials).count == 2)
  }

  /// Each bad CSR is refused with INVALID_ARGUMENT and a message naming the problem.
  @Test(arguments: [
    ("no SAN", nil as String?, ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"], "no subjectAltName"),
    (
      "two URIs", "URI:spiffe://cluster.local/ns/ambient-apps/sa/sleep-ambient,URI:spiffe://cluster.local/ns/a/sa/b",
      ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"], "exactly one URI SAN"
    ),
    (
      "URI plus DNS", "URI:spiffe://cluster.local/ns/ambient-apps/sa/sleep-ambient,DNS:httpbin",
      ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"], "exactly one URI SAN"
    ),
    (
      "DNS only", "DNS:sleep.ambient-apps", ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"],
      "exactly one URI SAN"
    ),
    (
      "not SPIFFE", "URI:https://example.com/x", ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"],
      "must start with"
    ),
    (
      "other trust domain", "URI:spiffe://evil.local/ns/ambient-apps/sa/sleep-ambient",
      ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"], "trust domain \"evil.local\""
    ),
    (
      "RSA 1024", "URI:spiffe://cluster.local/ns/ambient-apps/sa/sleep-ambient", ["-newkey", "rsa:1024"],
      "at least 2048"
    ),
    (
      "Ed25519", "URI:spiffe://cluster.local/ns/ambient-apps/sa/sleep-ambient", ["-newkey", "ed25519"],
      "key type is not accepted"
    ),
  ])
  func badCSRIsRefused(name: String, san: String?, key: [String], problem: String) async throws {
    let csr = try opensslCSR(key: key, san: san)
    await #expect {
      try await service.issue(request(csr), credentials: sleepCredentials)
    } throws: { ($0 as? CAError)?.code == .invalidRequest && "\($0)".contains(problem) }
  }

  @Test func garbageAndTamperedCSRsAreRefused() async throws {
    await #expect {
      try await service.issue(request("hello"), credentials: sleepCredentials)
    } throws: { "\($0)".contains("not a PEM-encoded PKCS#10") }
    let pem = try Fixtures.csr(for: Fixtures.sleep).pem
    var der = try CertificateSigningRequest(pemEncoded: pem).derBytes
    der[der.count - 3] ^= 0x55  // inside the signature
    let tampered =
      "-----BEGIN CERTIFICATE REQUEST-----\n" + Data(der).base64EncodedString(options: .lineLength64Characters)
      + "\n-----END CERTIFICATE REQUEST-----\n"
    await #expect {
      try await service.issue(request(tampered), credentials: sleepCredentials)
    } throws: { "\($0)".contains("signature does not verify") }
  }

  @Test func sanForSomeoneElseIsRefused() async throws {
    await #expect {
      try await service.issue(request(try Fixtures.csr(for: Fixtures.httpbin).pem), credentials: sleepCredentials)
    } throws: {
      ($0 as? CAError)?.code == .permissionDenied && "\($0)".contains("differs from the identity \(Fixtures.sleep)")
    }
  }

  @Test(arguments: [
    ("", "Kubernetes", "no bearer token"), ("wrong", "Kubernetes", "not recognised"),
    ("token-sleep", "other-cluster", "clusterid \"other-cluster\""),
  ])
  func badCredentialsAreRefused(token: String, cluster: String, problem: String) async throws {
    await #expect {
      try await service.issue(
        request(try Fixtures.csr(for: Fixtures.sleep).pem),
        credentials: CallerCredentials(bearerToken: token, clusterID: cluster))
    } throws: { ($0 as? CAError)?.code == .unauthenticated && "\($0)".contains(problem) }
  }

  private func opensslCSR(key: [String], subject: String = "/O=mesh-test", san: String?) throws -> String {
    var args = [
      "openssl", "req", "-new", "-nodes", "-keyout", dir.path("csr-key-\(UUID().uuidString).pem"), "-subj", subject,
    ]
    args += key
    if let san { args += ["-addext", "subjectAltName=\(san)"] }
    return try Tool.okBlocking(args)
  }
}

extension CertificateSigningRequest {
  var derBytes: [UInt8] {
    var serializer = DER.Serializer()
    try! serializer.serialize(self)
    return serializer.serializedBytes
  }
}
