import Foundation
import Logging
import Shared

/// Finds the network namespace of a pod on this node by the pod's IP.
///
/// It looks at every network namespace it can reach — the named ones in `/var/run/netns` (what
/// `ip netns add` and many CNI setups create) and those of every process (`/proc/PID/ns/net`),
/// deduplicated by namespace inode — enters each on the `NetnsExecutor` thread and asks which
/// addresses its interfaces carry. The host namespace is skipped: a pod sharing it is a
/// host-network pod, which ambient never captures.
///
/// This is the fallback for running without a CNI plugin. With one, the plugin hands the
/// namespace over instead, as Istio's CNI does with in-pod ztunnel: on pod ADD it connects to
/// ztunnel's unix socket (`/var/run/ztunnel/ztunnel.sock`, SOCK_SEQPACKET) and sends the pod's
/// uid, IPs and namespace path, with an open descriptor of the namespace attached as
/// `SCM_RIGHTS` ancillary data; ztunnel answers with an ack once its listeners are open, and on
/// pod DEL the plugin sends a removal by uid. The descriptor, not the path, is what ztunnel keeps
/// (see `Capture/README.md`). That path avoids scanning and cannot race PID reuse.
public struct PodNetnsFinder: Sendable {
  private let executor: NetnsExecutor
  private let logger: Logger
  /// Where named namespaces are bind-mounted (`ip netns add`).
  public var namedDirectory = "/var/run/netns"
  /// The proc filesystem whose `PID/ns/net` links are scanned.
  public var procDirectory = "/proc"

  public init(executor: NetnsExecutor, logger: Logger = Logger(label: "ztunnel.capture.finder")) {
    self.executor = executor
    self.logger = logger
  }

  /// The namespace (other than the host's) whose interfaces carry `podIP`, or nil.
  public func find(podIP: IPAddress) async throws -> NetworkNamespace? {
    for candidate in candidatePaths() {
      guard let ns = try? NetworkNamespace(path: candidate) else { continue }  // process exited
      let addresses: [IPAddress]
      do {
        addresses = try await executor.run(in: ns) { try InterfaceAddresses.current() }
      } catch let error as CaptureError where error.code != .executorStopped {
        logger.debug(
          "skipping network namespace",
          metadata: ["capture.netns": .string(ns.description), "capture.error": .string(error.message)])
        continue
      }
      if addresses.contains(podIP) { return ns }
    }
    return nil
  }

  /// Paths to every distinct non-host network namespace, named ones first.
  func candidatePaths() -> [String] {
    var seen: Set<NetworkNamespace.Identity> = [executor.hostNamespace.identity]
    var paths: [String] = []
    let files = FileManager.default
    let named = ((try? files.contentsOfDirectory(atPath: namedDirectory)) ?? []).sorted()
    let processes = ((try? files.contentsOfDirectory(atPath: procDirectory)) ?? [])
      .filter { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
      .sorted { (Int($0) ?? 0) < (Int($1) ?? 0) }
    let all = named.map { "\(namedDirectory)/\($0)" } + processes.map { "\(procDirectory)/\($0)/ns/net" }
    for path in all {
      var info = stat()
      guard stat(path, &info) == 0 else { continue }
      let identity = NetworkNamespace.Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
      if seen.insert(identity).inserted { paths.append(path) }
    }
    return paths
  }
}
