/// Which workloads a policy applies to.
public enum PolicyScope: String, Hashable, Sendable, CaseIterable {
  /// From the root namespace: every workload in the mesh.
  case global
  /// Every workload in the policy's namespace.
  case namespace
  /// Only the workloads the policy's selector picks (they list it by key).
  case workloadSelector
}
