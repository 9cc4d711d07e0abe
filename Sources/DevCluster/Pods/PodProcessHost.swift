/// Runs commands inside pods and serves their containers' output. The API server's `exec` and
/// `log` subresources (what `kubectl exec` and `kubectl logs` call) go through this seam; the dev
/// cluster's node runner implements it with processes in the pods' network namespaces.
public protocol PodProcessHost: Sendable {
  /// Starts `request.command` in the pod's container. Fails with a `PodProcessError` (unknown pod
  /// or container, pod not running, command not found) before anything runs.
  func exec(_ request: PodExecRequest) async throws(PodProcessError) -> PodExecSession

  /// What a container wrote to stdout and stderr, interleaved in order; with `follow`, the stream
  /// stays open and delivers new output until the container exits or the consumer stops.
  func logs(_ request: PodLogRequest) async throws(PodProcessError) -> AsyncStream<[UInt8]>
}
