import Foundation
import HBONE
import MeshTestSupport
import Testing

/// Our HBONE server against a client no one here wrote: Python's `h2` over `ssl`.
@Suite struct HBONEInteropTests {
  static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Interop/hbone_client.py").path

  static func requireH2() async throws {
    let probe = try await Tool.run(["python3", "-c", "import h2"])
    try #require(probe.status == 0, "Python h2 is missing: run `pip install h2` (make deps does)")
  }

  @Test func pythonH2ClientTunnelsThroughOurServer() async throws {
    try await Self.requireH2()
    let setup = try await HBONETunnelTests.Setup.start()
    let files = try setup.pki.files("ambient-apps", "sleep")
    let port = String(setup.listener.localAddress.port!)
    let connect = try await Tool.run([
      "python3", Self.script, "127.0.0.1", port, files.cert, files.key, files.root, "CONNECT", "10.0.0.7:8080",
      "bytes from h2",
    ])
    #expect(connect.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "200 bytes from h2", "\(connect.stderr)")
    let seen = setup.delegate.seen.withLock { $0.first }
    #expect(seen?.peerIdentity.uri == "spiffe://cluster.local/ns/ambient-apps/sa/sleep")

    let get = try await Tool.run([
      "python3", Self.script, "127.0.0.1", port, files.cert, files.key, files.root, "GET", "10.0.0.7:8080", "",
    ])
    #expect(get.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "400", "\(get.stderr)")
    await setup.stop()
  }
}

@Suite struct HBONEFuzzTests {
  /// Random bytes and random HTTP/2 frames after a good handshake: the server never crashes and
  /// never tunnels; a proper client is served afterwards.
  @Test func garbageNeverCrashesOrTunnels() async throws {
    try await HBONEInteropTests.requireH2()
    let setup = try await HBONETunnelTests.Setup.start()
    let files = try setup.pki.files("ambient-apps", "sleep")
    let port = String(setup.listener.localAddress.port!)
    let fuzz = try await Tool.run([
      "python3", HBONEInteropTests.script.replacingOccurrences(of: "hbone_client.py", with: "hbone_fuzz.py"),
      "127.0.0.1", port, files.cert, files.key, files.root, "1337", "200",
    ])
    #expect(fuzz.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "200", "\(fuzz.stderr)")
    #expect(setup.delegate.closed.withLock { $0.isEmpty })
    let good = try await Tool.run([
      "python3", HBONEInteropTests.script, "127.0.0.1", port, files.cert, files.key, files.root, "CONNECT",
      "10.0.0.7:8080", "still here",
    ])
    #expect(good.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "200 still here", "\(good.stderr)")
    await setup.stop()
  }
}
