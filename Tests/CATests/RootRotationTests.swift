import CA
import Foundation
import MeshTestSupport
import Shared
import Testing

/// Leaves issued before and after a root rotation both verify against the published bundle
/// during the overlap; the old root leaves the bundle only once its leaves have expired.
struct RootRotationTests {
  @Test func overlapKeepsOldAndNewLeavesValid() throws {
    let dir = try TempDir()
    let ca = try Fixtures.selfSignedCA(in: dir)
    func leaf() throws -> [String] {
      try ca.sign(
        try CSRInspector.inspect(pem: try Fixtures.csr(for: Fixtures.sleep).pem, trustDomain: "cluster.local"))
    }
    let oldRoot = ca.authority.signingRootPEM
    let before = try leaf()

    try ca.prepareRootRotation()
    #expect(PEMBlocks.split(ca.trustBundlePEM).count == 2)
    #expect(try leaf().last == oldRoot)  // the new root is trusted but does not sign yet

    try ca.activateNextRoot()
    let after = try leaf()
    #expect(after.last != oldRoot)
    #expect(PEMBlocks.split(ca.trustBundlePEM).count == 2)

    try dir.write("bundle.pem", ca.trustBundlePEM)
    try dir.write("before.pem", before[0])
    try dir.write("after.pem", after[0])
    for name in ["before.pem", "after.pem"] {
      #expect(
        try Tool.okBlocking(["openssl", "verify", "-CAfile", dir.path("bundle.pem"), dir.path(name)]).contains(": OK"))
    }

    // A restart during the overlap keeps both roots.
    #expect(try Fixtures.selfSignedCA(in: dir).trustBundlePEM == ca.trustBundlePEM)

    #expect { try ca.retirePreviousRoots() } throws: { "\($0)".contains("retire after") }
    try ca.retirePreviousRoots(now: Date().addingTimeInterval(91 * 86400))
    try dir.write("bundle.pem", ca.trustBundlePEM)
    #expect(PEMBlocks.split(ca.trustBundlePEM).count == 1)
    #expect(
      try Tool.runBlocking(["openssl", "verify", "-CAfile", dir.path("bundle.pem"), dir.path("before.pem")]).status != 0
    )
    #expect(
      try Tool.okBlocking(["openssl", "verify", "-CAfile", dir.path("bundle.pem"), dir.path("after.pem")]).contains(
        ": OK"))
  }

  @Test func stepsOutOfOrderChangeNothing() throws {
    let dir = try TempDir()
    let ca = try Fixtures.selfSignedCA(in: dir)
    let bundle = ca.trustBundlePEM
    #expect { try ca.activateNextRoot() } throws: { "\($0)".contains("no prepared root") }
    try ca.prepareRootRotation()
    #expect { try ca.prepareRootRotation() } throws: { "\($0)".contains("already prepared") }
    #expect { try ca.retirePreviousRoots(now: .distantFuture) } throws: { "\($0)".contains("not active yet") }
    #expect(ca.trustBundlePEM != bundle)
  }
}
