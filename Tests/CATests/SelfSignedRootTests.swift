import CA
import Foundation
import MeshTestSupport
import Shared
import Testing

struct SelfSignedRootTests {
  @Test func rootIsCreatedOnceAndKeptAcrossRestarts() throws {
    let dir = try TempDir()
    let first = try Fixtures.selfSignedCA(in: dir)
    let second = try Fixtures.selfSignedCA(in: dir)
    #expect(first.trustBundlePEM == second.trustBundlePEM)
    try dir.write("root.pem", first.trustBundlePEM)
    let text = try Tool.okBlocking(["openssl", "x509", "-in", dir.path("root.pem"), "-noout", "-text"])
    #expect(text.contains("prime256v1") || text.contains("P-256"))
    #expect(text.contains("CA:TRUE"))
    let keyMode = try FileManager.default.attributesOfItem(atPath: dir.path("ca/ca-key.pem"))[.posixPermissions] as? Int
    #expect(keyMode == 0o600)
  }

  @Test func corruptStoredRootIsRefused() throws {
    let dir = try TempDir()
    _ = try Fixtures.selfSignedCA(in: dir)
    try dir.write("ca/root-cert.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    #expect { try Fixtures.selfSignedCA(in: dir) } throws: { "\($0)".contains("root-cert.pem: certificate #1") }
  }
}
