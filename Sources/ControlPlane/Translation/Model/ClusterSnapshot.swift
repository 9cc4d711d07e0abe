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
  /// Waypoint (L7) configuration inputs.
  public var httpRoutes: [HTTPRoute]
  public var requestAuthentications: [RequestAuthentication]
  public var virtualServices: [VirtualService]
  /// What the JWKS cache knows, by `jwksUri` (fetched outside translation, which never does I/O).
  public var jwks: [String: JWKSState]

  public init(
    namespaces: [String: Namespace] = [:], pods: [Pod] = [], services: [KubeService] = [],
    endpointSlices: [EndpointSlice] = [], gateways: [Gateway] = [],
    authorizationPolicies: [KubeAuthorizationPolicy] = [], peerAuthentications: [PeerAuthentication] = [],
    httpRoutes: [HTTPRoute] = [], requestAuthentications: [RequestAuthentication] = [],
    virtualServices: [VirtualService] = [], jwks: [String: JWKSState] = [:]
  ) {
    self.namespaces = namespaces
    self.pods = pods
    self.services = services
    self.endpointSlices = endpointSlices
    self.gateways = gateways
    self.authorizationPolicies = authorizationPolicies
    self.peerAuthentications = peerAuthentications
    self.httpRoutes = httpRoutes
    self.requestAuthentications = requestAuthentications
    self.virtualServices = virtualServices
    self.jwks = jwks
  }
}
