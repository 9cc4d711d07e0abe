import Shared
import Synchronization

/// The network namespace of each captured local pod, by workload uid and by IP: where the
/// ztunnel opens that pod's sockets (listeners, upstream connections, HBONE to peers).
final class PodNamespaces: Sendable {
  private struct Entry {
    let namespace: NetworkNamespace
    let addresses: [IPAddress]
  }

  private let entries = Mutex<[String: Entry]>([:])

  func set(_ namespace: NetworkNamespace, for workload: Workload) {
    entries.withLock { $0[workload.uid] = Entry(namespace: namespace, addresses: workload.addresses) }
  }

  func remove(_ uid: String) { entries.withLock { _ = $0.removeValue(forKey: uid) } }

  func namespace(uid: String) -> NetworkNamespace? { entries.withLock { $0[uid]?.namespace } }

  func namespace(ip: IPAddress) -> NetworkNamespace? {
    entries.withLock { entries in entries.values.first { $0.addresses.contains(ip) }?.namespace }
  }
}
