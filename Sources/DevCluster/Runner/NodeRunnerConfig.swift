/// How the dev cluster's nodes and pods are laid out on this machine and where pods find the
/// cluster's services. Tests give each cluster its own name and subnets so several can run side
/// by side without touching each other's namespaces, bridges or routes.
public struct NodeRunnerConfig: Sendable {
  /// 1–8 characters `[a-z0-9]`: part of every interface and netns name this runner creates
  /// (`mdv<cluster>` bridge, `mdv-<cluster>-node1` netns), so it stays within Linux's 15-character
  /// interface-name limit.
  public var cluster: String
  public var nodeCount: Int
  /// The third octet of the host bridge network `172.31.<bridgeSubnet>.0/24`.
  public var bridgeSubnet: UInt8
  /// The second octet of the pod networks: node N's pods get `10.<podNetwork>.<N>.0/24`.
  public var podNetwork: UInt8
  /// Where the project's binaries are (`.build/debug`): images of the project run these.
  public var binDirectory: String
  /// Per-pod files (service-account token, resolv.conf) and per-container logs live here.
  public var stateDirectory: String
  /// The nameserver written into pods' resolv.conf; nil: the host bridge address (where the
  /// cluster DNS listens in the dev cluster).
  public var dnsAddress: String?
  /// Image prefixes (beyond `*/ambient-mesh/`) whose last path element names a project binary.
  public var registryPrefixes: [String]
  /// Longest wait between restarts of a failing container (restartPolicy Always/OnFailure).
  public var maxRestartBackoff: Duration

  public init(
    cluster: String = "dev", nodeCount: Int = 2, bridgeSubnet: UInt8 = 0, podNetwork: UInt8 = 244,
    binDirectory: String, stateDirectory: String, dnsAddress: String? = nil, registryPrefixes: [String] = [],
    maxRestartBackoff: Duration = .seconds(30)
  ) {
    self.cluster = cluster
    self.nodeCount = nodeCount
    self.bridgeSubnet = bridgeSubnet
    self.podNetwork = podNetwork
    self.binDirectory = binDirectory
    self.stateDirectory = stateDirectory
    self.dnsAddress = dnsAddress
    self.registryPrefixes = registryPrefixes
    self.maxRestartBackoff = maxRestartBackoff
  }

  /// The topology these settings describe; fails on a name or count that cannot be laid out.
  public func topology() throws(NodeRunnerError) -> ClusterTopology {
    try ClusterTopology(cluster: cluster, nodeCount: nodeCount, bridgeSubnet: bridgeSubnet, podNetwork: podNetwork)
  }
}
