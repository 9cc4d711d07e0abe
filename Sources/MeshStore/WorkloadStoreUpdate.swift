import Shared

/// Everything one xDS push changes; the store applies it as one atomic step.
public struct WorkloadStoreUpdate: Sendable {
  public var workloads: [Workload]
  public var services: [Service]
  /// Resource names of `istio.workload.Address` resources to remove: workload uids or service
  /// `namespace/hostname` names (the xDS removal does not say which).
  public var removedAddresses: [String]
  public var policies: [AuthorizationPolicy]
  /// `namespace/name` keys of policies to remove.
  public var removedPolicies: [String]

  public init(
    workloads: [Workload] = [], services: [Service] = [], removedAddresses: [String] = [],
    policies: [AuthorizationPolicy] = [], removedPolicies: [String] = []
  ) {
    self.workloads = workloads
    self.services = services
    self.removedAddresses = removedAddresses
    self.policies = policies
    self.removedPolicies = removedPolicies
  }

  public var isEmpty: Bool {
    workloads.isEmpty && services.isEmpty && removedAddresses.isEmpty && policies.isEmpty
      && removedPolicies.isEmpty
  }
}
