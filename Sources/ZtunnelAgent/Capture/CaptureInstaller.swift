#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif
import Foundation
import Logging

/// Applies and removes `CaptureRules` inside a pod's network namespace with
/// `nsenter --net=… iptables-save` / `iptables-restore -w --noflush`.
///
/// The namespace is named to `nsenter` through this process's open descriptor
/// (`/proc/<pid>/fd/<n>`), not the path it was opened from: a `/proc/PID/ns/net` path can come to
/// mean another namespace once the pod's process exits and the PID is reused, the descriptor
/// cannot. Each install and removal reads the current state first, so both are idempotent, and
/// each family is one atomic `iptables-restore` run.
public struct CaptureInstaller: Sendable {
  /// The rules for IPv4; IPv6 uses the same settings with the IPv6 family.
  public var rules: CaptureRules
  private let logger: Logger

  public init(rules: CaptureRules = CaptureRules(), logger: Logger = Logger(label: "ztunnel.capture.rules")) {
    self.rules = rules
    self.logger = logger
  }

  /// Installs the IPv4 rules and, when `ipv6` (the pod has an IPv6 address), the IPv6 rules.
  /// On failure nothing of ours is left installed (for either family) and the error names the
  /// namespace, the command and iptables' complaint.
  public func install(in ns: NetworkNamespace, ipv6: Bool) async throws {
    for family in ipv6 ? [CaptureRules.Family.ipv4, .ipv6] : [.ipv4] {
      let familyRules = rules(for: family)
      let present = try await state(in: ns, family: family)
      do {
        try await restore(familyRules.install(present: present), family: family, in: ns, action: "install")
      } catch {
        // iptables-restore commits table by table: mangle may be in while nat failed. Take
        // ours out again so the namespace is left as it was found, not half captured.
        do {
          try await remove(in: ns)
        } catch let cleanup {
          logger.warning(
            "could not remove partly installed capture rules",
            metadata: ["capture.netns": .string(ns.description), "capture.error": .string("\(cleanup)")])
        }
        throw error
      }
      logger.debug(
        "capture rules installed",
        metadata: ["capture.netns": .string(ns.description), "capture.family": .string(family.rawValue)])
    }
  }

  /// Removes whatever of our chains and hooks is present, for both families. Absent rules are
  /// fine. If `ip6tables-save` cannot run at all (no IPv6 in the kernel), nothing of ours can be
  /// there for IPv6.
  public func remove(in ns: NetworkNamespace) async throws {
    for family in [CaptureRules.Family.ipv4, .ipv6] {
      let present: CaptureRuleState
      do {
        present = try await state(in: ns, family: family)
      } catch let error as CaptureError where family == .ipv6 && error.code == .rules {
        logger.debug(
          "ip6tables unavailable; no IPv6 capture rules to remove",
          metadata: ["capture.netns": .string(ns.description), "capture.error": .string(error.message)])
        continue
      }
      guard let script = rules(for: family).remove(present: present) else { continue }
      try await restore(script, family: family, in: ns, action: "remove")
      logger.debug(
        "capture rules removed",
        metadata: ["capture.netns": .string(ns.description), "capture.family": .string(family.rawValue)])
    }
  }

  /// What of ours is installed in `ns` for `family`.
  public func state(in ns: NetworkNamespace, family: CaptureRules.Family) async throws -> CaptureRuleState {
    let output = try await run([family.saveCommand], in: ns, input: nil, action: "read")
    return CaptureRuleState(iptablesSave: output)
  }

  func rules(for family: CaptureRules.Family) -> CaptureRules {
    var familyRules = rules
    if familyRules.family != family {
      let probe = familyRules.hostProbe != nil
      familyRules.family = family
      familyRules.hostProbe = probe ? CaptureRules(family: family).hostProbe : nil
    }
    return familyRules
  }

  private func restore(
    _ script: String, family: CaptureRules.Family, in ns: NetworkNamespace, action: String
  )
    async throws
  {
    _ = try await run([family.restoreCommand, "-w", "--noflush"], in: ns, input: script, action: action)
  }

  /// Runs `command` inside `ns` via nsenter, through a private duplicate of the namespace
  /// descriptor so a concurrent `close()` of `ns` cannot make the number mean something else.
  private func run(
    _ command: [String], in ns: NetworkNamespace, input: String?, action: String
  ) async throws
    -> String
  {
    let pinned = try ns.withDescriptor { fd throws(CaptureError) -> CInt in
      let copy = fcntl(fd, F_DUPFD_CLOEXEC, 0)
      guard copy >= 0 else {
        throw CaptureError(.namespaceUnavailable, "cannot duplicate descriptor of \(ns): \(SystemCall.lastError)")
      }
      return copy
    }
    defer { SystemCall.close(pinned) }
    let arguments = ["nsenter", "--net=/proc/\(getpid())/fd/\(pinned)"] + command
    let output: CommandRunner.Output
    do {
      output = try await CommandRunner.run(arguments, input: input)
    } catch {
      throw CaptureError(
        .rules,
        "cannot \(action) capture rules in \(ns): running `\(arguments.joined(separator: " "))` failed: \(error)")
    }
    guard output.status == 0 else {
      let detail = output.stderr.isEmpty ? output.stdout : output.stderr
      throw CaptureError(
        .rules,
        "cannot \(action) capture rules in \(ns): `\(arguments.joined(separator: " "))` exited \(output.status): "
          + detail.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    return output.stdout
  }
}
