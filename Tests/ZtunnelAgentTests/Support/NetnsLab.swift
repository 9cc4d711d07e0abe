import Foundation
import MeshTestSupport
import Synchronization
import Testing

/// Network namespaces and veth links for one root test, named `mzt-<random>-…` so tests that run
/// at the same time (ours and other helpers') never touch each other's, on a random
/// 10.<200-250>.<n>.0/24 unlikely to clash. `cleanup()` deletes every namespace it created (its
/// veth ends go with it); call it in a `defer`.
final class NetnsLab: Sendable {
  let prefix: String
  /// The first three octets of this lab's /24, e.g. "10.231.17".
  let subnet: String
  private let created = LockedList()

  /// Fails the test (never skips it) when not root.
  init() throws {
    try #require(getuid() == 0, "needs root: run as root (CI runs as root)")
    let tag = String(UInt32.random(in: 0..<0xFFFFFF), radix: 16)
    prefix = "mzt-\(tag)"
    subnet = "10.\(Int.random(in: 200...250)).\(Int.random(in: 1...254))"
  }

  func ip(_ host: Int) -> String { "\(subnet).\(host)" }

  /// Creates `mzt-<tag>-<suffix>` with loopback up and returns its name.
  @discardableResult
  func addNamespace(_ suffix: String) async throws -> String {
    let name = "\(prefix)-\(suffix)"
    try await Tool.ok(["ip", "netns", "add", name])
    created.append(name)
    try await Tool.ok(["ip", "-n", name, "link", "set", "lo", "up"])
    return name
  }

  /// Joins two namespaces with a veth pair and gives each end an address in this lab's /24.
  func link(_ first: String, _ firstHost: Int, _ second: String, _ secondHost: Int) async throws {
    let tag = String(UInt32.random(in: 0..<0xFFFFFF), radix: 16)
    let a = "va\(tag)"
    let b = "vb\(tag)"
    try await Tool.ok(["ip", "link", "add", a, "netns", first, "type", "veth", "peer", "name", b, "netns", second])
    try await Tool.ok(["ip", "-n", first, "addr", "add", "\(ip(firstHost))/24", "dev", a])
    try await Tool.ok(["ip", "-n", second, "addr", "add", "\(ip(secondHost))/24", "dev", b])
    try await Tool.ok(["ip", "-n", first, "link", "set", a, "up"])
    try await Tool.ok(["ip", "-n", second, "link", "set", b, "up"])
  }

  /// Runs a command inside `namespace` as a pod's process would (`ip netns exec`).
  func exec(_ namespace: String, _ arguments: [String]) async throws -> Tool.Result {
    try await Tool.run(["ip", "netns", "exec", namespace] + arguments)
  }

  /// From inside `namespace`, connects to `host:port`, sends "hello\n" and returns the first
  /// line answered, or "refused"/"timeout"/"error: …" — what a client application would see.
  func tcpRequest(from namespace: String, to host: String, port: Int) async throws -> String {
    let script = """
      import socket, sys
      try:
          s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=5)
      except ConnectionRefusedError:
          print("refused"); sys.exit(0)
      except socket.timeout:
          print("timeout"); sys.exit(0)
      s.settimeout(5)
      s.sendall(b"hello\\n")
      data = b""
      try:
          while not data.endswith(b"\\n"):
              chunk = s.recv(1024)
              if not chunk: break
              data += chunk
      except Exception as e:
          print("error: %s" % e); sys.exit(0)
      print(data.decode().strip() if data else "closed")
      """
    let result = try await exec(namespace, ["python3", "-c", script, host, String(port)])
    guard result.status == 0 else { return "error: \(result.stderr)" }
    return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Best effort: deletes every namespace this lab created.
  func cleanup() {
    for name in created.drain() {
      _ = try? Tool.runBlocking(["ip", "netns", "del", name])
    }
  }

  private final class LockedList: Sendable {
    private let names = Mutex<[String]>([])
    func append(_ name: String) { names.withLock { $0.append(name) } }
    func drain() -> [String] {
      names.withLock { names in
        defer { names = [] }
        return names
      }
    }
  }
}
