/// The kind of controller that owns the workload (for telemetry labels).
public enum WorkloadType: String, Hashable, Sendable, CaseIterable {
  case deployment
  case cronJob
  case pod
  case job
}
