import ControlPlane
import Kube
import Shared

/// What meshctl read from the cluster in one pass: the objects the control plane translates, plus
/// the few others the diagnostics look at. A value, so describe and analyze are pure over it.
public struct MeshInventory: Sendable {
  public var cluster: ClusterSnapshot
  public var gatewayClasses: [GatewayClass]
  /// Kinds the cluster does not serve (their CRDs are not installed), as `plural.group`.
  public var missingKinds: [String]
  public var config: MeshConfig

  public init(
    cluster: ClusterSnapshot = ClusterSnapshot(), gatewayClasses: [GatewayClass] = [], missingKinds: [String] = [],
    config: MeshConfig = MeshConfig()
  ) {
    self.cluster = cluster
    self.gatewayClasses = gatewayClasses
    self.missingKinds = missingKinds
    self.config = config
  }

  /// What the control plane would make of this state (the same pure translation it runs).
  public func translate() -> MeshSnapshot { MeshTranslator.translate(cluster, config: config) }

  public func pod(namespace: String, name: String) -> Pod? {
    cluster.pods.first { $0.namespace == namespace && $0.name == name }
  }

  /// The node's ztunnel pod: the mesh component with `app=ztunnel` in the root namespace.
  public func ztunnel(onNode node: String) -> Pod? {
    ztunnels.first { $0.nodeName == node }
  }

  public var ztunnels: [Pod] {
    cluster.pods.filter {
      $0.namespace == config.rootNamespace && $0.labels[MeshLabels.app] == "ztunnel" && !$0.isTerminating
    }
    .sorted { $0.name < $1.name }
  }

  public var waypoints: [Gateway] {
    cluster.gateways.filter(\.isWaypoint).sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
  }
}
