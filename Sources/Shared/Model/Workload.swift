/// One pod (or other endpoint) as ztunnel and waypoints see it: mirrors `istio.workload.Workload`.
public struct Workload: Hashable, Sendable {
  /// `<cluster>//Pod/<namespace>/<name>` for pods; the xDS resource name.
  public var uid: String
  public var name: String
  public var namespace: String
  public var addresses: [IPAddress]
  public var hostname: String
  public var network: String
  public var tunnelProtocol: TunnelProtocol
  public var trustDomain: String
  public var serviceAccount: String
  public var waypoint: GatewayAddress?
  public var networkGateway: GatewayAddress?
  public var node: String
  public var canonicalName: String
  public var canonicalRevision: String
  public var workloadType: WorkloadType
  public var workloadName: String
  public var nativeTunnel: Bool
  public var applicationTunnel: ApplicationTunnel?
  /// Keyed by `namespace/hostname` of each service this workload backs.
  public var services: [String: [ServicePort]]
  /// `namespace/name` of workload-selector policies that select this workload.
  public var authorizationPolicies: [String]
  public var status: WorkloadStatus
  public var clusterID: String
  public var locality: Locality?
  public var networkMode: NetworkMode

  public init(
    uid: String, name: String, namespace: String, addresses: [IPAddress] = [], hostname: String = "",
    network: String = "", tunnelProtocol: TunnelProtocol = .none, trustDomain: String = "",
    serviceAccount: String = "default", waypoint: GatewayAddress? = nil, networkGateway: GatewayAddress? = nil,
    node: String = "", canonicalName: String = "", canonicalRevision: String = "",
    workloadType: WorkloadType = .deployment, workloadName: String = "", nativeTunnel: Bool = false,
    applicationTunnel: ApplicationTunnel? = nil, services: [String: [ServicePort]] = [:],
    authorizationPolicies: [String] = [], status: WorkloadStatus = .healthy, clusterID: String = "",
    locality: Locality? = nil, networkMode: NetworkMode = .standard
  ) {
    self.uid = uid
    self.name = name
    self.namespace = namespace
    self.addresses = addresses
    self.hostname = hostname
    self.network = network
    self.tunnelProtocol = tunnelProtocol
    self.trustDomain = trustDomain
    self.serviceAccount = serviceAccount
    self.waypoint = waypoint
    self.networkGateway = networkGateway
    self.node = node
    self.canonicalName = canonicalName
    self.canonicalRevision = canonicalRevision
    self.workloadType = workloadType
    self.workloadName = workloadName
    self.nativeTunnel = nativeTunnel
    self.applicationTunnel = applicationTunnel
    self.services = services
    self.authorizationPolicies = authorizationPolicies
    self.status = status
    self.clusterID = clusterID
    self.locality = locality
    self.networkMode = networkMode
  }

  /// The pod uid Istio uses as the xDS name: `<cluster>//Pod/<namespace>/<name>`.
  public static func podUID(cluster: String, namespace: String, name: String) -> String {
    "\(cluster)//Pod/\(namespace)/\(name)"
  }

  /// The identity the workload's certificate carries. An empty trust domain on the wire means
  /// the mesh default, as in Istio.
  public func identity(
    defaultTrustDomain: String = MeshDefaults.trustDomain
  ) throws(SpiffeIdentityError)
    -> SpiffeIdentity
  {
    try SpiffeIdentity(
      trustDomain: trustDomain.isEmpty ? defaultTrustDomain : trustDomain,
      namespace: namespace, serviceAccount: serviceAccount)
  }

  /// xDS aliases for on-demand lookup: `network/IP` for every address.
  public var aliases: [String] { addresses.map { NetworkAddress(network: network, address: $0).description } }
}
