import Kube
import Logging
import Shared
import Synchronization
import ZtunnelAgent

/// Enrollment from the cluster, as Istio's CNI node agent decides it: watches the pods of this
/// node and all namespaces, captures a pod when `istio.io/dataplane-mode` (pod first, then
/// namespace) says `ambient`, and marks captured pods `ambient.istio.io/redirection: enabled`,
/// which is what makes the control plane send them as HBONE workloads. The mark is removed when
/// the pod leaves the mesh, never when the ztunnel merely stops: a stopped ztunnel must leave the
/// node's mesh traffic failing closed, not turned into plaintext.
final class KubeCaptureGate: CaptureGate {
  let client: KubeClient
  let pods: Informer
  let namespaces: Informer
  let logger: Logger
  private let listeners = Mutex<[AsyncStream<Void>.Continuation]>([])

  init(client: KubeClient, node: String, logger: Logger) {
    self.client = client
    self.logger = logger
    pods = Informer(client: client, type: .pod, fieldSelector: "spec.nodeName=\(node)", logger: logger)
    namespaces = Informer(client: client, type: .namespace, logger: logger)
  }

  /// Runs both informers and announces every change until cancelled.
  func run() async {
    await withDiscardingTaskGroup { group in
      for informer in [pods, namespaces] {
        let events = informer.events()
        group.addTask { await informer.run() }
        group.addTask { [self] in
          for await _ in events { announce() }
        }
      }
    }
  }

  private func announce() {
    for continuation in listeners.withLock({ $0 }) { continuation.yield(()) }
  }

  func changes() -> AsyncStream<Void> {
    let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    listeners.withLock { $0.append(continuation) }
    return stream
  }

  func shouldCapture(_ workload: Workload) -> Bool {
    guard let object = pods.get(namespace: workload.namespace, name: workload.name) else { return false }
    let pod = Pod(object)
    return AmbientEnrollment.isEnrolled(
      podNamespace: pod.namespace, podLabels: pod.labels, hostNetwork: pod.hostNetwork,
      namespaceLabels: namespaces.get(name: workload.namespace)?.labels)
  }

  func captured(_ workload: Workload) async {
    guard pods.get(namespace: workload.namespace, name: workload.name)?.annotations[MeshLabels.redirectionAnnotation]
      != MeshLabels.redirectionEnabled
    else { return }
    await mark(workload, value: .string(MeshLabels.redirectionEnabled))
  }

  func released(_ workload: Workload) async {
    await mark(workload, value: .null)
  }

  private func mark(_ workload: Workload, value: JSONValue) async {
    let patch: JSONValue = ["metadata": ["annotations": [MeshLabels.redirectionAnnotation: value]]]
    do {
      _ = try await client.patch(.pod, namespace: workload.namespace, name: workload.name, patch: patch)
      logger.info(
        "pod redirection annotation updated",
        metadata: ["ztunnel.pod": "\(workload.namespace)/\(workload.name)", "ztunnel.value": "\(value)"])
    } catch {
      logger.warning(
        "cannot annotate the pod: the control plane will not send it as an HBONE workload",
        metadata: ["ztunnel.pod": "\(workload.namespace)/\(workload.name)", "ztunnel.error": "\(error)"])
    }
  }
}
