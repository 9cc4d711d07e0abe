import Foundation
import MeshTestSupport
import Testing

@testable import ZtunnelAgent

/// Root: the installer against real iptables in a throwaway namespace.
@Suite("Capture: installing rules")
struct CaptureInstallerTests {
  /// The rules and user chains of `iptables-save`, per table, for comparing states. Built-in
  /// chain declarations are left out: with the nf_tables backend a table appears (empty) once
  /// anything touched it, which changes nothing about how packets are handled.
  static func saved(_ lab: NetnsLab, _ name: String, _ command: String = "iptables-save") async throws -> String {
    let result = try await lab.exec(name, [command])
    try #require(result.status == 0, "\(command) failed: \(result.stderr)")
    var table = ""
    return result.stdout.split(separator: "\n").compactMap { line -> String? in
      if line.hasPrefix("*") { table = String(line) }
      guard line.hasPrefix("-A ") || (line.hasPrefix(":") && line.contains(" - [")) else { return nil }
      return "\(table) \(line)"
    }.joined(separator: "\n")
  }

  @Test func installTwiceEqualsOnceAndRemoveRestoresTheOriginal() async throws {
    let lab = try NetnsLab()
    defer { lab.cleanup() }
    let name = try await lab.addNamespace("inst")
    let ns = try NetworkNamespace.named(name)
    // A rule someone else owns, which must survive both install and removal.
    try await Tool.ok([
      "ip", "netns", "exec", name, "iptables", "-t", "nat", "-A", "PREROUTING", "-p", "udp", "-j", "ACCEPT",
    ])
    let before = try await Self.saved(lab, name)
    let installer = CaptureInstaller()

    try await installer.install(in: ns, ipv6: false)
    let once = try await Self.saved(lab, name)
    try await installer.install(in: ns, ipv6: false)
    let twice = try await Self.saved(lab, name)
    #expect(once == twice)
    #expect(
      once.contains(
        "-A ISTIO_OUTPUT ! -d 127.0.0.1/32 -p tcp -m mark ! --mark 0x539/0xfff -j REDIRECT --to-ports 15001"))
    #expect(once.components(separatedBy: "-A PREROUTING -j ISTIO_PRERT").count - 1 == 2)  // mangle + nat, once each
    #expect(once.contains("-A PREROUTING -p udp -j ACCEPT"))

    try await installer.remove(in: ns)
    let after = try await Self.saved(lab, name)
    #expect(after == before)
    let state = try await installer.state(in: ns, family: .ipv4)
    #expect(state.isEmpty)
    // Removing again (nothing there) is fine.
    try await installer.remove(in: ns)
  }

  @Test func ipv6RulesGoInWithIPv6PodsAndComeOutOnRemove() async throws {
    let lab = try NetnsLab()
    defer { lab.cleanup() }
    let name = try await lab.addNamespace("inst6")
    let ns = try NetworkNamespace.named(name)
    let installer = CaptureInstaller()
    try await installer.install(in: ns, ipv6: true)
    let v6 = try await Self.saved(lab, name, "ip6tables-save")
    #expect(v6.contains("! -d ::1/128 -p tcp -m mark ! --mark 0x539/0xfff -j REDIRECT --to-ports 15001"))
    try await installer.remove(in: ns)
    let state = try await installer.state(in: ns, family: .ipv6)
    #expect(state.isEmpty)
  }

  @Test func aFailedRestoreNamesTheNamespaceTheCommandAndIptablesError() async throws {
    let lab = try NetnsLab()
    defer { lab.cleanup() }
    let name = try await lab.addNamespace("bad")
    let ns = try NetworkNamespace.named(name)
    var rules = CaptureRules()
    rules.hostProbe = "not-an-address"
    let installer = CaptureInstaller(rules: rules)
    do {
      try await installer.install(in: ns, ipv6: false)
      Issue.record("install with a malformed rule succeeded")
    } catch let error as CaptureError {
      #expect(error.code == .rules)
      #expect(error.message.contains(ns.path))
      #expect(error.message.contains("iptables-restore -w --noflush"))
      #expect(error.message.contains("not-an-address"))  // iptables' own complaint
    }
    // Nothing is left half-installed (iptables-restore commits table by table; the installer
    // removes what an earlier table committed).
    let state = try await installer.state(in: ns, family: .ipv4)
    #expect(state.isEmpty)
  }
}
