import Shared

/// How an agent reaches the control plane's xDS server and introduces itself.
public struct XDSClientConfig: Sendable {
  public var host: String
  public var port: Int
  /// The mesh root(s) the server's certificate must chain to.
  public var rootPEM: String
  public var clusterID: String
  /// Returns the current service-account token (re-read on every connect: tokens rotate).
  public var token: @Sendable () async throws -> String
  /// `ztunnel~<ip>~<pod>.<ns>~<ns>.svc.cluster.local` for ztunnel.
  public var nodeID: String
  /// NAME, NAMESPACE, INSTANCE_IPS, NODE_NAME, CLUSTER_ID, as Istio agents send them.
  public var nodeMetadata: [String: String]
  public var backoff: RetryBackoff

  public init(
    host: String, port: Int, rootPEM: String, clusterID: String = MeshDefaults.clusterID,
    token: @escaping @Sendable () async throws -> String, nodeID: String, nodeMetadata: [String: String] = [:],
    backoff: RetryBackoff = RetryBackoff(initial: .milliseconds(10), max: .seconds(15))
  ) {
    self.host = host
    self.port = port
    self.rootPEM = rootPEM
    self.clusterID = clusterID
    self.token = token
    self.nodeID = nodeID
    self.nodeMetadata = nodeMetadata
    self.backoff = backoff
  }
}
