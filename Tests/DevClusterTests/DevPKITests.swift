import DevCluster
import Foundation
import MeshTestSupport
import Testing

@Suite("Dev cluster PKI and kubeconfig")
struct DevPKITests {
  private func mode(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
  }

  @Test("creates the CA, serving pair and admin token with private modes, and reuses them on restart")
  func createsAndReuses() throws {
    let temp = try TempDir()
    let directory = temp.path("pki/nested")
    let first = try DevPKI.loadOrCreate(directory: directory)

    #expect(try mode(directory) == 0o700)
    #expect(try mode(first.caCertificatePath) == 0o644)
    #expect(try mode(directory + "/ca-key.pem") == 0o600)
    #expect(try mode(first.serverPrivateKeyPath) == 0o600)
    #expect(try mode(directory + "/admin-token") == 0o600)
    #expect(first.serverPrivateKeyPEM.hasPrefix("-----BEGIN PRIVATE KEY-----"))
    #expect(first.serverCertificatePEM.components(separatedBy: "BEGIN CERTIFICATE").count == 2, "leaf only")
    #expect(first.adminToken.count == 43)
    #expect(first.adminToken.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    #expect(try String(contentsOfFile: directory + "/admin-token", encoding: .utf8) == first.adminToken + "\n")
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains(".tmp") }
    #expect(leftovers.isEmpty)

    let second = try DevPKI.loadOrCreate(directory: directory)
    #expect(second.caCertificatePEM == first.caCertificatePEM)
    #expect(second.serverCertificatePEM == first.serverCertificatePEM)
    #expect(second.serverPrivateKeyPEM == first.serverPrivateKeyPEM)
    #expect(second.adminToken == first.adminToken)

    #expect(second.acceptsAdminToken(first.adminToken))
    #expect(!second.acceptsAdminToken(String(first.adminToken.dropLast())))
    #expect(!second.acceptsAdminToken(first.adminToken + "x"))
    #expect(!second.acceptsAdminToken(""))

    let other = try DevPKI.loadOrCreate(directory: temp.path("other"))
    #expect(other.adminToken != first.adminToken)
    #expect(other.caCertificatePEM != first.caCertificatePEM)
  }

  @Test("the serving certificate verifies against the CA for TLS servers and carries the SANs")
  func opensslVerifies() async throws {
    let temp = try TempDir()
    let pki = try DevPKI.loadOrCreate(directory: temp.path("pki"), extraSANs: ["dev.Example.test", "10.1.2.3"])
    let verified = try await Tool.ok([
      "openssl", "verify", "-CAfile", pki.caCertificatePath, "-purpose", "sslserver", pki.serverCertificatePath,
    ])
    #expect(verified.contains(": OK"))

    let text = try await Tool.ok(["openssl", "x509", "-in", pki.serverCertificatePath, "-noout", "-text"])
    for san in [
      "DNS:localhost", "IP Address:127.0.0.1", "IP Address:0:0:0:0:0:0:0:1", "DNS:dev.example.test",
      "IP Address:10.1.2.3",
    ] {
      #expect(text.contains(san), "missing \(san) in\n\(text)")
    }
    #expect(text.contains("TLS Web Server Authentication"))
    #expect(text.contains("CA:FALSE"))

    let caText = try await Tool.ok(["openssl", "x509", "-in", pki.caCertificatePath, "-noout", "-text"])
    #expect(caText.contains("CA:TRUE"))
    #expect(caText.contains("prime256v1"))
    let days = try await Tool.run([
      "openssl", "x509", "-in", pki.caCertificatePath, "-noout", "-checkend", String(9 * 365 * 86400),
    ])
    #expect(days.status == 0, "the CA lives ten years")
    let servingDays = try await Tool.run([
      "openssl", "x509", "-in", pki.serverCertificatePath, "-noout", "-checkend", String(366 * 86400),
    ])
    #expect(servingDays.status != 0, "the serving certificate lives one year, not more")

    // The key file is the certificate's key.
    let keyPublic = try await Tool.ok(["openssl", "pkey", "-in", pki.serverPrivateKeyPath, "-pubout"])
    let certificatePublic = try await Tool.ok([
      "openssl", "x509", "-in", pki.serverCertificatePath, "-noout", "-pubkey",
    ])
    #expect(keyPublic == certificatePublic)
  }

  @Test("a new SAN re-issues only the serving certificate")
  func newSANReissues() async throws {
    let temp = try TempDir()
    let directory = temp.path("pki")
    let first = try DevPKI.loadOrCreate(directory: directory)
    let withSAN = try DevPKI.loadOrCreate(directory: directory, extraSANs: ["192.168.7.9"])
    #expect(withSAN.caCertificatePEM == first.caCertificatePEM)
    #expect(withSAN.adminToken == first.adminToken)
    #expect(withSAN.serverCertificatePEM != first.serverCertificatePEM)
    let text = try await Tool.ok(["openssl", "x509", "-in", withSAN.serverCertificatePath, "-noout", "-text"])
    #expect(text.contains("IP Address:192.168.7.9"))

    // Asking for fewer names than the certificate has is no reason to re-issue.
    let again = try DevPKI.loadOrCreate(directory: directory)
    #expect(again.serverCertificatePEM == withSAN.serverCertificatePEM)
  }

  @Test("a serving certificate expiring within 30 days is renewed under the same CA")
  func renewsBeforeExpiry() throws {
    let temp = try TempDir()
    let directory = temp.path("pki")
    let start = Date()
    let first = try DevPKI.loadOrCreate(directory: directory, now: start)
    let stillFine = try DevPKI.loadOrCreate(directory: directory, now: start.addingTimeInterval(300 * 86400))
    #expect(stillFine.serverCertificatePEM == first.serverCertificatePEM)
    let late = try DevPKI.loadOrCreate(directory: directory, now: start.addingTimeInterval(340 * 86400))
    #expect(late.serverCertificatePEM != first.serverCertificatePEM)
    #expect(late.serverPrivateKeyPEM != first.serverPrivateKeyPEM)
    #expect(late.caCertificatePEM == first.caCertificatePEM)
  }

  @Test("a damaged serving pair is replaced; a CA key without its certificate is an error naming both files")
  func damagedFiles() throws {
    let temp = try TempDir()
    let directory = temp.path("pki")
    let first = try DevPKI.loadOrCreate(directory: directory)
    try "garbage".write(toFile: first.serverCertificatePath, atomically: true, encoding: .utf8)
    let repaired = try DevPKI.loadOrCreate(directory: directory)
    #expect(repaired.serverCertificatePEM.hasPrefix("-----BEGIN CERTIFICATE-----"))
    #expect(repaired.caCertificatePEM == first.caCertificatePEM)

    try FileManager.default.removeItem(atPath: first.caCertificatePath)
    do {
      _ = try DevPKI.loadOrCreate(directory: directory)
      Issue.record("a CA key without a certificate must not be silently replaced")
    } catch {
      #expect(error.message.contains("ca-key.pem"))
      #expect(error.message.contains("ca.pem"))
    }
  }

  @Test(
    "a SAN that is neither an IP address nor a host name is refused", arguments: ["", "not a host", "a..b", "-x.y"])
  func badSAN(san: String) throws {
    let temp = try TempDir()
    #expect(throws: DevPKIError.self) { try DevPKI.loadOrCreate(directory: temp.path("pki"), extraSANs: [san]) }
    #expect(!FileManager.default.fileExists(atPath: temp.path("pki")), "nothing is written for a bad request")
  }

  @Test("kubectl reads back the kubeconfig: server, CA data, token and the dev context")
  func kubeconfigRoundTrip() async throws {
    let temp = try TempDir()
    let pki = try DevPKI.loadOrCreate(directory: temp.path("pki"))
    let token = #"odd"token\with: yaml # chars"#
    let text = DevKubeconfig.render(
      serverURL: "https://127.0.0.1:6443", caCertificatePEM: pki.caCertificatePEM, token: token)
    let path = temp.path("home/.kube/config")
    try DevKubeconfig.write(text, to: path)
    #expect(try mode(path) == 0o600)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == text)

    func view(_ jsonpath: String) async throws -> String {
      try await Tool.ok(["kubectl", "config", "view", "--kubeconfig", path, "--raw", "-o", "jsonpath=\(jsonpath)"])
    }
    #expect(try await view("{.current-context}") == "dev")
    #expect(try await view("{.contexts[0].name}") == "dev")
    #expect(try await view("{.contexts[0].context.cluster}") == "mesh-dev")
    #expect(try await view("{.contexts[0].context.user}") == "mesh-dev")
    #expect(try await view("{.clusters[0].name}") == "mesh-dev")
    #expect(try await view("{.clusters[0].cluster.server}") == "https://127.0.0.1:6443")
    #expect(try await view("{.users[0].name}") == "mesh-dev")
    #expect(try await view("{.users[0].user.token}") == token)
    let caData = try await view("{.clusters[0].cluster.certificate-authority-data}")
    let decoded = Data(base64Encoded: caData).map { String(decoding: $0, as: UTF8.self) }
    #expect(decoded == pki.caCertificatePEM)

    // Rewriting replaces the file atomically and keeps the mode.
    try DevKubeconfig.write(
      DevKubeconfig.render(serverURL: "https://[::1]:7443", caCertificatePEM: pki.caCertificatePEM, token: "t"),
      to: path)
    #expect(try await view("{.clusters[0].cluster.server}") == "https://[::1]:7443")
    #expect(try mode(path) == 0o600)
  }
}
