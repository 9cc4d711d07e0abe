import CA
import Foundation
import MeshTestSupport
import Shared
import Testing

/// A plug-in CA in Istio's `cacerts` layout, made with the real OpenSSL: root → intermediate.
struct PlugInCATests {
  let dir: TempDir

  init() throws {
    dir = try TempDir()
    try dir.write(
      "ca.ext", "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n")
  }

  /// Makes `root-cert.pem`/`root-key.pem` (valid `rootDays`) and `ca-cert.pem`/`ca-key.pem` signed by it.
  func makeCA(rootDays: Int = 3650, caDays: Int = 1825, subdir: String = "cacerts") throws -> URL {
    let d = dir.url.appendingPathComponent(subdir)
    try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
    let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    try Tool.okBlocking(
      ["openssl", "req", "-x509"] + ec + [
        "-keyout", "root-key.pem", "-out", "root-cert.pem", "-days", "\(rootDays)",
        "-subj", "/O=cluster.local/CN=Plug-in Root", "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
      ], in: d)
    try Tool.okBlocking(
      ["openssl", "req", "-new"] + ec + [
        "-keyout", "ca-key.pem", "-out", "ca.csr", "-subj", "/O=cluster.local/CN=Intermediate",
      ], in: d)
    try Tool.okBlocking(
      [
        "openssl", "x509", "-req", "-in", "ca.csr", "-CA", "root-cert.pem", "-CAkey", "root-key.pem", "-CAcreateserial",
        "-out", "ca-cert.pem", "-days", "\(caDays)", "-extfile", dir.path("ca.ext"),
      ], in: d)
    let chain =
      try String(contentsOf: d.appendingPathComponent("ca-cert.pem"), encoding: .utf8)
      + String(contentsOf: d.appendingPathComponent("root-cert.pem"), encoding: .utf8)
    try chain.write(to: d.appendingPathComponent("cert-chain.pem"), atomically: true, encoding: .utf8)
    return d
  }

  func load(_ d: URL, now: Date = Date()) throws -> CertificateAuthority {
    try CertificateAuthority(store: DirectoryCAStore(directory: d, readOnly: true), mode: .plugIn, now: now)
  }

  @Test func signsThroughTheIntermediateAndOpenSSLVerifies() async throws {
    let d = try makeCA()
    let before = try FileManager.default.contentsOfDirectory(atPath: d.path).sorted()
    let ca = try load(d)
    let chain = try ca.sign(
      try CSRInspector.inspect(pem: try Fixtures.csr(for: Fixtures.sleep).pem, trustDomain: "cluster.local"))
    #expect(chain.count == 3)  // leaf, intermediate, root
    try dir.write("leaf.pem", chain[0])
    try dir.write("intermediates.pem", chain[1])
    let out = try await Tool.ok([
      "openssl", "verify", "-CAfile", d.appendingPathComponent("root-cert.pem").path,
      "-untrusted", dir.path("intermediates.pem"), dir.path("leaf.pem"),
    ])
    #expect(out.contains(": OK"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: d.path).sorted() == before)  // never written
  }

  @Test func keyThatDoesNotMatchIsRefusedNamingTheFile() throws {
    let d = try makeCA()
    let other = try makeCA(subdir: "other")
    try FileManager.default.removeItem(at: d.appendingPathComponent("ca-key.pem"))
    try FileManager.default.copyItem(
      at: other.appendingPathComponent("ca-key.pem"), to: d.appendingPathComponent("ca-key.pem"))
    #expect { try load(d) } throws: { "\($0)".contains("ca-key.pem does not match ca-cert.pem") }
  }

  @Test func expiredRootIsRefusedNamingTheFile() throws {
    let d = try makeCA(rootDays: 30, caDays: 365)
    #expect { try load(d, now: Date().addingTimeInterval(60 * 86400)) } throws: {
      "\($0)".contains("root-cert.pem") && "\($0)".contains("expired")
    }
  }

  @Test func rootFromAnotherCAIsRefused() throws {
    let d = try makeCA()
    let other = try makeCA(subdir: "other")
    try FileManager.default.removeItem(at: d.appendingPathComponent("root-cert.pem"))
    try FileManager.default.copyItem(
      at: other.appendingPathComponent("root-cert.pem"), to: d.appendingPathComponent("root-cert.pem"))
    try FileManager.default.removeItem(at: d.appendingPathComponent("cert-chain.pem"))
    try FileManager.default.copyItem(
      at: other.appendingPathComponent("root-cert.pem"), to: d.appendingPathComponent("cert-chain.pem"))
    #expect { try load(d) } throws: { "\($0)".contains("does not chain to any certificate in root-cert.pem") }
  }

  @Test func missingFilesAreListed() throws {
    let d = try makeCA()
    try FileManager.default.removeItem(at: d.appendingPathComponent("ca-key.pem"))
    #expect { try load(d) } throws: { "\($0)".contains("missing ca-key.pem") }
    let empty = dir.url.appendingPathComponent("empty")
    #expect { try load(empty) } throws: { "\($0)".contains("no plug-in CA at") }
  }

  @Test func leafCertificateAsCAIsRefused() async throws {
    let d = try makeCA()
    let selfSigned = try Fixtures.selfSignedCA(in: dir)
    let chain = try selfSigned.sign(
      try CSRInspector.inspect(pem: try Fixtures.csr(for: Fixtures.sleep).pem, trustDomain: "cluster.local"))
    try chain[0].write(to: d.appendingPathComponent("ca-cert.pem"), atomically: true, encoding: .utf8)
    #expect { try load(d) } throws: {
      "\($0)".contains("ca-key.pem does not match") || "\($0)".contains("not a CA certificate")
    }
  }
}
