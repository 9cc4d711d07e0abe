/// What `meshctl dev up` runs: where state lives, how many nodes, where the project's binaries
/// are (images of the project run them), and the addresses it uses.
public struct DevClusterConfig: Sendable {
  /// The API server's data and kubeconfig (`<stateDirectory>/kubeconfig`), and the runner's pod
  /// files (`<stateDirectory>/runner`).
  public var stateDirectory: String
  public var nodeCount: Int
  public var binDirectory: String
  /// 1-8 characters `[a-z0-9]`, part of every netns and interface name (see `NodeRunnerConfig`).
  public var cluster: String
  /// Bridge network `172.31.<bridgeSubnet>.0/24`; pods `10.<podNetwork>.<node>.0/24`.
  public var bridgeSubnet: UInt8
  public var podNetwork: UInt8
  /// The API server's port on the bridge address (0: a free one).
  public var apiPort: Int
  /// The cluster DNS port on the bridge address; pods' resolv.conf can only name port 53.
  public var dnsPort: Int
  public var maxRestartBackoff: Duration

  public init(
    stateDirectory: String, nodeCount: Int = 2, binDirectory: String, cluster: String = "dev",
    bridgeSubnet: UInt8 = 0, podNetwork: UInt8 = 244, apiPort: Int = 6443, dnsPort: Int = 53,
    maxRestartBackoff: Duration = .seconds(30)
  ) {
    self.stateDirectory = stateDirectory
    self.nodeCount = nodeCount
    self.binDirectory = binDirectory
    self.cluster = cluster
    self.bridgeSubnet = bridgeSubnet
    self.podNetwork = podNetwork
    self.apiPort = apiPort
    self.dnsPort = dnsPort
    self.maxRestartBackoff = maxRestartBackoff
  }

  var runnerConfig: NodeRunnerConfig {
    NodeRunnerConfig(
      cluster: cluster, nodeCount: nodeCount, bridgeSubnet: bridgeSubnet, podNetwork: podNetwork,
      binDirectory: binDirectory, stateDirectory: "\(stateDirectory)/runner", maxRestartBackoff: maxRestartBackoff)
  }
}
