/// Read access to the cluster's pods, for the node-agent impersonation rule. Production: the
/// control plane's pod informer cache; tests: a fixed list.
public protocol PodLocator: Sendable {
  func pod(namespace: String, name: String) async -> PodPlacement?
  /// Pods running `namespace/serviceAccount` on `node`.
  func pods(onNode node: String, namespace: String, serviceAccount: String) async -> [PodPlacement]
}
