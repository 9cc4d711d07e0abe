import Shared

/// Which local pods the ztunnel captures, and who hears that a pod was captured. In Istio the
/// node's CNI agent decides (from the `istio.io/dataplane-mode` labels) and marks captured pods
/// `ambient.istio.io/redirection: enabled`, which is what makes the control plane tell every
/// ztunnel to reach the pod over HBONE. The workload API alone cannot say "enrolled but not yet
/// captured", so the decision comes from the cluster, behind this seam.
public protocol CaptureGate: Sendable {
  /// Whether `workload` (a pod on this node) is enrolled in the mesh.
  func shouldCapture(_ workload: Workload) -> Bool
  /// The pod's traffic is now redirected to this ztunnel.
  func captured(_ workload: Workload) async
  /// The pod left the mesh (unenrolled or deleted); its redirection was removed.
  func released(_ workload: Workload) async
  /// Yields whenever enrollment may have changed (a label on a pod or namespace).
  func changes() -> AsyncStream<Void>
}

/// Captures every local pod the control plane sends and tells nobody: for tests and for use
/// without Kubernetes access.
public struct CaptureEveryLocalPod: CaptureGate {
  public init() {}
  public func shouldCapture(_ workload: Workload) -> Bool { true }
  public func captured(_ workload: Workload) async {}
  public func released(_ workload: Workload) async {}
  public func changes() -> AsyncStream<Void> { AsyncStream { $0.finish() } }
}
