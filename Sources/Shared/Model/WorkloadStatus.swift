/// Readiness as the control plane saw it; unhealthy endpoints get traffic only as a last resort.
public enum WorkloadStatus: String, Hashable, Sendable, CaseIterable {
  case healthy
  case unhealthy
}
