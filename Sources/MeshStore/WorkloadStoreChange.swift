import Shared

/// What one applied push changed, for whoever reacts to it (certificate prefetch, capture).
public struct WorkloadStoreChange: Sendable {
  /// A workload that was added (`old == nil`) or replaced.
  public struct WorkloadUpdate: Sendable, Hashable {
    public let old: Workload?
    public let new: Workload
  }

  /// Workloads that started or stopped running on one node between two snapshots.
  public struct LocalChange: Sendable, Hashable {
    /// New on the node, or moved onto it.
    public var appeared: [Workload] = []
    /// On the node before and still there, with a different definition (identity, addresses…).
    public var updated: [Workload] = []
    /// Removed, or moved off the node; carries the last known definition.
    public var disappeared: [Workload] = []

    public var isEmpty: Bool { appeared.isEmpty && updated.isEmpty && disappeared.isEmpty }
  }

  /// The version of the snapshot this change produced.
  public let version: UInt64
  public let workloads: [WorkloadUpdate]
  public let removedWorkloads: [Workload]
  /// Resource names (`namespace/hostname`) of services added, replaced or removed.
  public let changedServices: [String]
  /// Keys (`namespace/name`) of policies added, replaced or removed.
  public let changedPolicies: [String]

  /// The part of this change that concerns workloads on `node`.
  public func local(to node: String) -> LocalChange {
    var change = LocalChange()
    for update in workloads {
      let wasHere = update.old?.node == node
      let isHere = update.new.node == node
      switch (wasHere, isHere) {
      case (false, true): change.appeared.append(update.new)
      case (true, true) where update.old != update.new: change.updated.append(update.new)
      case (true, false): change.disappeared.append(update.old!)
      default: break
      }
    }
    change.disappeared += removedWorkloads.filter { $0.node == node }
    return change
  }
}
