import Shared
import Synchronization

/// The agent's view of the mesh, fed by xDS and read by every connection.
///
/// Readers take the lock only to copy one reference (`snapshot`), so the connection path costs
/// a lock and a retain, no allocation. Writers build the next snapshot from a copy of the current
/// tables and swap it in whole: a reader sees the state before a push or after it, never a mix
/// (a workload without the policy that protects it would be an open door).
public final class WorkloadStore: Sendable {
  public typealias Listener = @Sendable (WorkloadStoreChange) -> Void

  private let current: Mutex<WorkloadSnapshot>
  /// Serializes writers (the address and authorization handlers may be called concurrently).
  private let writer = Mutex<Void>(())
  private let listeners = Mutex<(next: Int, all: [Int: Listener])>((0, [:]))

  public init(initial: WorkloadSnapshot = WorkloadSnapshot()) {
    current = Mutex(initial)
  }

  /// The latest snapshot; keep it for the whole decision about one connection.
  public var snapshot: WorkloadSnapshot { current.withLock { $0 } }

  /// Applies one push atomically and tells listeners what changed. Returns the change.
  @discardableResult
  public func apply(_ update: WorkloadStoreUpdate) -> WorkloadStoreChange {
    let change = writer.withLock { _ -> WorkloadStoreChange in
      let base = snapshot
      var index = base.index
      var workloadUpdates: [WorkloadStoreChange.WorkloadUpdate] = []
      var removedWorkloads: [Workload] = []
      var services: Set<String> = []
      var policies: Set<String> = []

      for name in update.removedAddresses {
        if let old = index.removeWorkload(uid: name) { removedWorkloads.append(old) }
        if index.removeService(named: name) != nil { services.insert(name) }
      }
      for service in update.services {
        index.upsert(service)
        services.insert(service.resourceName)
      }
      for workload in update.workloads {
        let old = index.upsert(workload)
        workloadUpdates.append(.init(old: old, new: workload))
      }
      for key in update.removedPolicies where index.removePolicy(key: key) != nil { policies.insert(key) }
      for policy in update.policies {
        index.upsert(policy)
        policies.insert(policy.key)
      }
      // A workload removed and re-added in one push is an update, not a disappearance.
      if !removedWorkloads.isEmpty {
        let removedByUID = Dictionary(removedWorkloads.map { ($0.uid, $0) }) { first, _ in first }
        workloadUpdates = workloadUpdates.map { $0.old == nil ? .init(old: removedByUID[$0.new.uid], new: $0.new) : $0 }
        let readded = Set(workloadUpdates.map(\.new.uid))
        removedWorkloads.removeAll { readded.contains($0.uid) }
      }

      let next = WorkloadSnapshot(version: base.version + 1, index: index)
      current.withLock { $0 = next }
      return WorkloadStoreChange(
        version: next.version, workloads: workloadUpdates, removedWorkloads: removedWorkloads,
        changedServices: services.sorted(), changedPolicies: policies.sorted())
    }
    for listener in listeners.withLock({ Array($0.all.values) }) { listener(change) }
    return change
  }

  /// Calls `listener` after every applied push (on the applying thread; keep it short).
  /// Returns a token for `removeListener`.
  @discardableResult
  public func addListener(_ listener: @escaping Listener) -> Int {
    listeners.withLock { state in
      state.next += 1
      state.all[state.next] = listener
      return state.next
    }
  }

  public func removeListener(_ token: Int) {
    _ = listeners.withLock { $0.all.removeValue(forKey: token) }
  }

  /// The changes from now on, as a stream (unbounded buffer: every change is kept until read,
  /// because a missed "workload disappeared" would leak its capture or certificate).
  public func changes() -> AsyncStream<WorkloadStoreChange> {
    let (stream, continuation) = AsyncStream.makeStream(of: WorkloadStoreChange.self)
    let token = addListener { continuation.yield($0) }
    continuation.onTermination = { [weak self] _ in self?.removeListener(token) }
    return stream
  }
}
