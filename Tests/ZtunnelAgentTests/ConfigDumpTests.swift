@testable import MeshStore
import CA
import Crypto
import Foundation
import MeshTestSupport
import Shared
import Testing

@testable import ZtunnelAgent

@Suite struct ConfigDumpTests {
  static func certificate(for identity: SpiffeIdentity, in dir: TempDir) throws -> WorkloadCertificate {
    let ca = try CertificateAuthority(
      store: DirectoryCAStore(directory: dir.url.appendingPathComponent("ca")), mode: .selfSigned,
      policy: SigningPolicy())
    let key = P256.Signing.PrivateKey()
    let csr = try CSRInspector.inspect(pem: try CSRBuilder.make(for: identity, key: key), trustDomain: "cluster.local")
    return try WorkloadCertificate(identity: identity, privateKey: key, chainPEMs: try ca.sign(csr))
  }

  @Test func dumpShowsWorkloadsServicesPoliciesAndCertificates() throws {
    let dir = try TempDir()
    let identity = TestMesh.identity("apps", "httpbin")
    let cert = try Self.certificate(for: identity, in: dir)
    let pod = TestMesh.pod(
      "httpbin", "10.0.0.2", services: [TestMesh.httpbinKey: [ServicePort(servicePort: 80, targetPort: 8080)]])
    let policy = AuthorizationPolicy(
      name: "deny", namespace: "apps", scope: .namespace, action: .deny,
      rules: [
        AuthorizationRule(clauses: [AuthorizationClause(matches: [AuthorizationMatch(notPrincipals: [.presence])])])
      ])
    let snap = TestMesh.snapshot(workloads: [pod], services: [TestMesh.service()], policies: [policy])
    let pending = TestMesh.identity("apps", "sleep")
    let dump = ConfigDump.render(
      snapshot: snap, certificates: [cert], pendingIdentities: [pending, identity], config: ["node": "node-a"])
    let bytes = dump.serialized()

    // Valid JSON a user's tools can read.
    let json = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    #expect(Set(json.keys).isSuperset(of: ["workloads", "services", "policies", "certificates", "config"]))
    let workload = try #require((json["workloads"] as? [[String: Any]])?.first)
    #expect(workload["uid"] as? String == pod.uid)
    #expect(workload["addresses"] as? [String] == ["10.0.0.2"])
    #expect(workload["identity"] as? String == "spiffe://cluster.local/ns/apps/sa/httpbin")
    #expect(workload["protocol"] as? String == "HBONE")
    let service = try #require((json["services"] as? [[String: Any]])?.first)
    #expect(service["vips"] as? [String] == ["/10.96.0.10"])
    #expect(service["endpoints"] as? [String] == [pod.uid])
    let dumpedPolicy = try #require((json["policies"] as? [[String: Any]])?.first)
    #expect(dumpedPolicy["action"] as? String == "deny")
    #expect("\(dumpedPolicy["rules"] ?? "")".contains("notPrincipals"))

    let certs = try #require(json["certificates"] as? [[String: Any]])
    #expect(certs.count == 2)  // the held one, and sleep still initializing (httpbin is not listed twice)
    #expect(certs[0]["identity"] as? String == identity.uri)
    #expect(certs[0]["state"] as? String == "Available")
    #expect(certs[1]["identity"] as? String == pending.uri)
    #expect(certs[1]["state"] as? String == "Initializing")
    let leaf = try #require((certs[0]["certChain"] as? [[String: Any]])?.first)
    #expect(leaf["serialNumber"] as? String == cert.serialNumber)
    #expect(leaf["pem"] as? String == cert.chainPEMs[0])
    let expiry = try #require(leaf["expirationTime"] as? String)
    #expect(try Date(expiry, strategy: .iso8601) == cert.notAfter)
    let validFrom = try #require(leaf["validFrom"] as? String)
    #expect(try Date(validFrom, strategy: .iso8601) == cert.notBefore)
    let root = try #require((certs[0]["rootCerts"] as? [[String: Any]])?.first)
    #expect(root["pem"] as? String == cert.rootPEM)
    #expect((root["expirationTime"] as? String).map { $0 > expiry } == true)
    #expect((json["config"] as? [String: String]) == ["node": "node-a"])
  }

  @Test func expiredCertificateSaysSo() throws {
    let dir = try TempDir()
    let cert = try Self.certificate(for: TestMesh.identity("apps", "a"), in: dir)
    let dump = ConfigDump.render(
      snapshot: WorkloadSnapshot(), certificates: [cert], now: cert.notAfter.addingTimeInterval(1))
    #expect(String(decoding: dump.serialized(), as: UTF8.self).contains("\"state\": \"Expired\""))
  }

  @Test func jsonEncoderEscapesAndSortsKeys() throws {
    let value: AdminJSON = ["b": "line\nbreak \"quoted\" \u{1}", "a": [1, true, .null]]
    let text = String(decoding: value.serialized(), as: UTF8.self)
    #expect(text.firstRange(of: "\"a\"")!.lowerBound < text.firstRange(of: "\"b\"")!.lowerBound)
    let parsed = try #require(try JSONSerialization.jsonObject(with: Data(value.serialized())) as? [String: Any])
    #expect(parsed["b"] as? String == "line\nbreak \"quoted\" \u{1}")
  }

  @Test func garbagePEMIsReportedNotCrashed() {
    #expect(CertificateSummary(pem: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----") == nil)
    #expect(CertificateSummary(pem: "") == nil)
  }
}
