import CA
import Kube

/// The CA's view of where pods run, read from the control plane's pod informer: what the node-agent
/// impersonation rule checks before a ztunnel may get a certificate for a pod's identity.
public struct InformerPodLocator: PodLocator {
  private let pods: Informer

  public init(pods: Informer) { self.pods = pods }

  public func pod(namespace: String, name: String) async -> PodPlacement? {
    pods.get(namespace: namespace, name: name).map(Self.placement)
  }

  public func pods(onNode node: String, namespace: String, serviceAccount: String) async -> [PodPlacement] {
    pods.list(node: node).lazy.map(Self.placement).filter {
      $0.namespace == namespace && $0.serviceAccount == serviceAccount
    }
  }

  static func placement(_ object: KubeObject) -> PodPlacement {
    let pod = Pod(object)
    return PodPlacement(
      namespace: pod.namespace, name: pod.name, serviceAccount: pod.serviceAccountName, nodeName: pod.nodeName ?? "")
  }
}
