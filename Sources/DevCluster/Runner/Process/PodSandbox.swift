import Foundation

/// Where a pod's processes run and what they see: its network namespace, and a private mount
/// namespace in which the pod's service-account directory and resolv.conf are bind-mounted where
/// in-cluster clients and resolvers read them. Pure: it builds the argv that enters all that.
struct PodSandbox: Sendable, Equatable {
  static let serviceAccountMount = "/var/run/secrets/kubernetes.io/serviceaccount"

  /// `/var/run/netns/<name>`.
  var netnsPath: String
  /// Holds `token`, `ca.crt`, `namespace`.
  var serviceAccountDirectory: String
  var resolvConfPath: String
  var hostname: String

  /// `nsenter` into the netns, `unshare` a mount and UTS namespace, bind the files, set the host
  /// name, then `exec` the command: the command keeps the PID the runner started, so signals reach it.
  /// `mounts` are the container's volumes, bound after the service account (their targets are
  /// created first: the mount namespace shares the host's file system).
  func argv(_ command: [String], mounts: [PodVolumes.Mount] = []) -> [String] {
    var steps = [
      "mount --bind \(Self.quote(serviceAccountDirectory)) \(Self.serviceAccountMount)",
      "mount --bind \(Self.quote(resolvConfPath)) /etc/resolv.conf",
    ]
    for mount in mounts {
      let source = Self.quote(mount.source)
      let target = Self.quote(mount.target)
      let parent = Self.quote((mount.target as NSString).deletingLastPathComponent)
      steps.append(
        "if [ -d \(source) ]; then mkdir -p \(target); else mkdir -p \(parent) && touch \(target); fi"
          + " && mount --bind \(source) \(target)")
    }
    steps += ["hostname \(Self.quote(hostname))", "exec \"$@\""]
    let script = steps.joined(separator: " && ")
    return [
      "nsenter", "--net=\(netnsPath)", "--", "unshare", "--mount", "--uts", "--propagation", "private", "--",
      "/bin/sh", "-c", script, "sh",
    ] + command
  }

  /// Single-quoted for `sh`.
  static func quote(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
