import CA
import Crypto
import Foundation
import HBONE
import MeshTestSupport
import Shared

/// A real mesh CA in a temp directory, issuing HBONE credentials the way agents get them.
struct TestPKI {
  let ca: CertificateAuthority
  let dir: TempDir

  init(trustDomain: String = MeshDefaults.trustDomain) throws {
    dir = try TempDir()
    ca = try CertificateAuthority(
      store: DirectoryCAStore(directory: dir.url.appendingPathComponent("ca")), mode: .selfSigned,
      trustDomain: trustDomain)
  }

  var trust: HBONETrust { get throws { try HBONETrust(rootPEMs: [ca.trustBundlePEM], trustDomain: ca.trustDomain) } }

  func credential(_ namespace: String, _ serviceAccount: String) throws -> HBONECredential {
    let identity = try SpiffeIdentity(trustDomain: ca.trustDomain, namespace: namespace, serviceAccount: serviceAccount)
    let key = P256.Signing.PrivateKey()
    let csr = try CSRInspector.inspect(pem: try CSRBuilder.make(for: identity, key: key), trustDomain: ca.trustDomain)
    let chain = try ca.sign(csr)
    return try HBONECredential(identity: identity, chainPEMs: chain, privateKeyPEM: key.pemRepresentation)
  }

  /// PEM files for tools (Python h2): certificate chain, key, root.
  func files(_ namespace: String, _ serviceAccount: String) throws -> (cert: String, key: String, root: String) {
    let identity = try SpiffeIdentity(trustDomain: ca.trustDomain, namespace: namespace, serviceAccount: serviceAccount)
    let key = P256.Signing.PrivateKey()
    let csr = try CSRInspector.inspect(pem: try CSRBuilder.make(for: identity, key: key), trustDomain: ca.trustDomain)
    let chain = try ca.sign(csr)
    let cert = dir.url.appendingPathComponent("\(serviceAccount)-chain.pem").path
    let keyPath = dir.url.appendingPathComponent("\(serviceAccount)-key.pem").path
    let root = dir.url.appendingPathComponent("root.pem").path
    try chain.dropLast().joined().write(toFile: cert, atomically: true, encoding: .utf8)
    try key.pemRepresentation.write(toFile: keyPath, atomically: true, encoding: .utf8)
    try ca.trustBundlePEM.write(toFile: root, atomically: true, encoding: .utf8)
    return (cert, keyPath, root)
  }
}
