import Foundation

/// What the dev cluster needs from the machine, checked before anything changes. Pure: the caller
/// passes what it found, so the messages are tested without root.
public enum HostRequirements {
  /// The tools the runner, the service proxy and the probes run.
  public static let tools = ["ip", "iptables-save", "iptables-restore", "nsenter", "unshare", "curl"]

  /// The first unmet requirement, or nil.
  public static func problem(uid: UInt32, missingTools: [String]) -> DevClusterError? {
    if uid != 0 {
      return DevClusterError(
        "meshctl dev up needs root: it creates network namespaces, veths, routes and iptables rules; "
          + "run it as root (e.g. sudo meshctl dev up)")
    }
    if !missingTools.isEmpty {
      return DevClusterError(
        "meshctl dev up needs \(missingTools.joined(separator: ", ")) on PATH; install them "
          + "(Debian/Ubuntu: apt-get install -y iproute2 iptables util-linux curl)")
    }
    return nil
  }

  /// `tools` not found on this process's PATH.
  public static func missingTools(path: String? = ProcessInfo.processInfo.environment["PATH"]) -> [String] {
    let directories = (path ?? "/usr/sbin:/usr/bin:/sbin:/bin").split(separator: ":")
    return tools.filter { tool in
      !directories.contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)") }
    }
  }

  /// The check against this machine.
  public static func check() throws(DevClusterError) {
    if let problem = problem(uid: getuid(), missingTools: missingTools()) { throw problem }
  }
}
