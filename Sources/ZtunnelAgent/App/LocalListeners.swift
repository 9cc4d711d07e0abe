import MeshStore
import HBONE
import Logging
import Shared
import Synchronization

/// Keeps one set of listeners per local workload in step with the store: when a workload of this
/// node appears its certificate is fetched ahead of the first connection and its listeners are
/// opened; when it goes away they are closed (its tunnels finish on their own).
///
/// Explicit mode: an HBONE listener on each of the workload's IPs, port 15008 — what remote
/// ztunnels dial. In-pod mode adds capture inside the pod's network namespace (`PodCapture`).
final class LocalListeners: Sendable {
  let node: String
  let store: WorkloadStore
  let server: HBONEServer
  let credentials: CredentialCache
  let hbonePort: Int
  let inPod: InPodListeners?
  let retryInterval: Duration
  let logger: Logger
  private let open = Mutex<[String: [HBONEListener]]>([:])
  private let failed = Mutex<Set<String>>([])

  init(
    node: String, store: WorkloadStore, server: HBONEServer, credentials: CredentialCache,
    hbonePort: Int = Int(MeshPorts.hbone), inPod: InPodListeners? = nil, retryInterval: Duration = .seconds(1),
    logger: Logger
  ) {
    self.inPod = inPod
    self.retryInterval = retryInterval
    self.node = node
    self.store = store
    self.server = server
    self.credentials = credentials
    self.hbonePort = hbonePort
    self.logger = logger
  }

  /// Follows the store (and, in-pod, enrollment changes) until cancelled.
  func run() async {
    if let inPod {
      Task { [self] in
        for await _ in inPod.gate.changes() {
          let local = store.snapshot.localWorkloads(node: node)
          await reconcile(appeared: local, disappeared: [])
        }
      }
    }
    let retries = inPod.map { inPod in Task { [self] in await retryFailedCaptures(inPod) } }
    defer { retries?.cancel() }
    let changes = store.changes()
    await reconcile(appeared: store.snapshot.localWorkloads(node: node), disappeared: [])
    for await change in changes {
      let local = change.local(to: node)
      guard !local.isEmpty else { continue }
      // An update that keeps addresses and identity (a label, the capture annotation, health)
      // keeps its listeners and capture: tearing them down would cut the pod's connections.
      let previous = Dictionary(change.workloads.compactMap { u in u.old.map { (u.new.uid, $0) } }) { a, _ in a }
      let rebound = local.updated.filter { new in
        guard let old = previous[new.uid] else { return true }
        return old.addresses != new.addresses || old.namespace != new.namespace
          || old.serviceAccount != new.serviceAccount || old.trustDomain != new.trustDomain
      }
      await reconcile(appeared: local.appeared + local.updated, disappeared: local.disappeared + rebound)
    }
  }

  /// A capture that failed is tried again every `retryInterval` while the pod is local and
  /// enrolled: a ztunnel that replaces another on the node (an upgrade, a restart) finds the
  /// pods' ports still held while its predecessor drains, and must take them once it exits.
  private func retryFailedCaptures(_ inPod: InPodListeners) async {
    while !Task.isCancelled {
      try? await Task.sleep(for: retryInterval)
      let failed = inPod.failedUIDs
      guard !failed.isEmpty else { continue }
      let retry = store.snapshot.localWorkloads(node: node).filter { failed.contains($0.uid) }
      await reconcile(appeared: retry, disappeared: [])
    }
  }

  /// Local workloads whose listeners failed or are not open yet, for readiness.
  var unbound: [String] {
    var opened = open.withLock { Set($0.keys) }
    if let inPod { opened = inPod.capturedUIDs }
    let local = served(store.snapshot.localWorkloads(node: node)).map(\.uid)
    return Array(Set(local.filter { !opened.contains($0) }).union(failed.withLock { $0 }))
  }

  /// The local workloads this ztunnel serves: in-pod, only the enrolled ones (a pod outside the
  /// mesh on this node needs no listener or certificate, and must not hold readiness back).
  private func served(_ local: [Workload]) -> [Workload] {
    guard let inPod else { return local }
    return local.filter { inPod.gate.shouldCapture($0) }
  }

  /// Identities of local workloads, for readiness.
  var localIdentities: Set<SpiffeIdentity> {
    Set(served(store.snapshot.localWorkloads(node: node)).compactMap { try? $0.identity() })
  }

  func closeAll() async {
    await inPod?.detachAll()
    let all = open.withLock { open in
      defer { open.removeAll() }
      return open.values.flatMap { $0 }
    }
    for listener in all { await listener.close() }
  }

  private func reconcile(appeared: [Workload], disappeared: [Workload]) async {
    for workload in disappeared {
      await inPod?.release(workload)
      let listeners = open.withLock { $0.removeValue(forKey: workload.uid) } ?? []
      for listener in listeners { await listener.close() }
      failed.withLock { _ = $0.remove(workload.uid) }
    }
    for workload in appeared {
      if let inPod {
        if inPod.gate.shouldCapture(workload) {
          await inPod.capture(workload)
        } else if inPod.capturedUIDs.contains(workload.uid) {
          await inPod.release(workload)
          await inPod.gate.released(workload)
        }
        continue
      }
      guard open.withLock({ $0[workload.uid] }) == nil, let identity = try? workload.identity() else { continue }
      do {
        _ = try await credentials.credential(for: identity)
      } catch {
        logger.warning(
          "no certificate for local workload",
          metadata: ["ztunnel.workload": "\(workload.uid)", "ztunnel.error": "\(error)"])
      }
      var listeners: [HBONEListener] = []
      for address in workload.addresses {
        do {
          listeners.append(try await server.bind(host: address.description, port: hbonePort))
        } catch {
          failed.withLock { _ = $0.insert(workload.uid) }
          logger.warning(
            "cannot listen for HBONE",
            metadata: [
              "ztunnel.workload": "\(workload.uid)", "ztunnel.address": "\(address)", "ztunnel.error": "\(error)",
            ])
        }
      }
      open.withLock { $0[workload.uid] = listeners }
    }
  }
}
