import Kube

/// Everything translation reads, as typed views. The control plane fills it from its informer
/// caches; tests build it from manifests. A value, so one translation sees one consistent state.
public struct ClusterSnapshot: Sendable {
  /// By name.
  public var namespaces: [String: Namespace]
  public var pods: [Pod]
  public var services: [KubeService]
  public var endpointSlices: [EndpointSlice]
  public var gateways: [Gateway]
  public var authorizationPolicies: [KubeAuthorizationPolicy]
  public var peerAuthentications: [PeerAuthentication]

  public init(
    namespaces: [String: Namespace] = [:], pods: [Pod] = [], services: [KubeService] = [],
    endpointSlices: [EndpointSlice] = [], gateways: [Gateway] = [],
    authorizationPolicies: [KubeAuthorizationPolicy] = [], peerAuthentications: [PeerAuthentication] = []
  ) {
    self.namespaces = namespaces
    self.pods = pods
    self.services = services
    self.endpointSlices = endpointSlices
    self.gateways = gateways
    self.authorizationPolicies = authorizationPolicies
    self.peerAuthentications = peerAuthentications
  }
}
