import Shared

/// One immutable, consistent view of what the control plane told this agent: workloads,
/// services and authorization policies with their indexes.
///
/// A class so that handing a snapshot to a connection is one reference copy; it never changes
/// after it is published, so a connection decides against exactly one push, never half of one.
public final class WorkloadSnapshot: Sendable {
  /// Counts up by one per applied push; 0 means nothing has been received yet.
  public let version: UInt64
  let index: WorkloadIndex

  init(version: UInt64, index: WorkloadIndex) {
    self.version = version
    self.index = index
  }

  /// An empty snapshot (version 0): what the store holds before the first push.
  public convenience init() { self.init(version: 0, index: WorkloadIndex()) }

  public var workloadCount: Int { index.workloads.count }
  public var serviceCount: Int { index.services.count }
  public var policyCount: Int { index.policies.count }

  // MARK: Workloads

  public func workload(uid: String) -> Workload? { index.workloads[uid] }

  /// The workload that owns `address` in `network` (xDS alias `network/IP`).
  public func workload(at address: IPAddress, network: String = "") -> Workload? {
    index.workloadByAddress[NetworkAddress(network: network, address: address)].flatMap { index.workloads[$0] }
  }

  /// Every workload, sorted by uid (for dumps; not for the connection path).
  public var workloads: [Workload] { index.workloads.values.sorted { $0.uid < $1.uid } }

  /// Workloads scheduled on `node`: the ones this agent captures and fetches certificates for.
  public func localWorkloads(node: String) -> [Workload] {
    index.workloads.values.filter { $0.node == node }.sorted { $0.uid < $1.uid }
  }

  // MARK: Services

  /// A service by its resource name `namespace/hostname`.
  public func service(named name: String) -> Service? { index.services[name] }

  /// The service whose VIP is `address` in `network` (xDS alias `network/VIP`).
  public func service(at address: IPAddress, network: String = "") -> Service? {
    index.serviceByAddress[NetworkAddress(network: network, address: address)].flatMap { index.services[$0] }
  }

  public var services: [Service] { index.services.values.sorted { $0.resourceName < $1.resourceName } }

  /// The workloads backing a service (those whose `services` map names it), sorted by uid so
  /// that endpoint choice with an injected chooser is reproducible.
  public func endpoints(ofService name: String) -> [Workload] {
    guard let uids = index.endpoints[name] else { return [] }
    return uids.sorted().compactMap { index.workloads[$0] }
  }

  // MARK: Policies

  public func policy(key: String) -> AuthorizationPolicy? { index.policies[key] }

  public var policies: [AuthorizationPolicy] { index.policies.values.sorted { $0.key < $1.key } }

  /// The policies that govern connections to `workload`: global ones, its namespace's, and the
  /// selector policies it lists (Istio's scoping, via `AuthorizationPolicy.applies(to:)`).
  /// Sorted by key so that the DENY policy a log names is stable. A listed policy that has not
  /// arrived (yet) is absent, as in Istio's ztunnel.
  public func policies(for workload: Workload) -> [AuthorizationPolicy] {
    var keys = index.globalPolicies
    if let inNamespace = index.namespacePolicies[workload.namespace] { keys.formUnion(inNamespace) }
    keys.formUnion(workload.authorizationPolicies)
    return keys.sorted().compactMap { index.policies[$0] }.filter { $0.applies(to: workload) }
  }
}
