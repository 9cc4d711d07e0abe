/// A Kubernetes Service as the data plane needs it: mirrors `istio.workload.Service`.
public struct Service: Hashable, Sendable {
  public var name: String
  public var namespace: String
  /// `name.namespace.svc.<domain>`.
  public var hostname: String
  public var addresses: [NetworkAddress]
  public var ports: [ServicePort]
  /// Identities the client must accept when it connects to this service's endpoints or waypoint.
  public var subjectAltNames: [String]
  public var waypoint: GatewayAddress?
  public var loadBalancing: LoadBalancing?
  public var ipFamilies: IPFamilies

  public init(
    name: String, namespace: String, hostname: String, addresses: [NetworkAddress] = [],
    ports: [ServicePort] = [], subjectAltNames: [String] = [], waypoint: GatewayAddress? = nil,
    loadBalancing: LoadBalancing? = nil, ipFamilies: IPFamilies = .automatic
  ) {
    self.name = name
    self.namespace = namespace
    self.hostname = hostname
    self.addresses = addresses
    self.ports = ports
    self.subjectAltNames = subjectAltNames
    self.waypoint = waypoint
    self.loadBalancing = loadBalancing
    self.ipFamilies = ipFamilies
  }

  /// The xDS resource name: `namespace/hostname`.
  public var resourceName: String { "\(namespace)/\(hostname)" }

  /// xDS aliases for on-demand lookup: `network/VIP` for every address.
  public var aliases: [String] { addresses.map(\.description) }
}
