import Shared

/// Mesh-wide settings translation needs: they end up in every workload (cluster, trust domain,
/// network) and decide which namespace holds mesh-wide policy.
public struct MeshConfig: Sendable, Hashable {
  /// `Workload.clusterID` and the first part of every pod uid.
  public var clusterID: String
  public var trustDomain: String
  /// Where policies without a selector apply mesh-wide, and where the mesh's own pods run.
  public var rootNamespace: String
  /// The network of every address translation emits (empty: the single default network).
  public var network: String
  /// Service hostnames are `<name>.<namespace>.svc.<domainSuffix>`.
  public var domainSuffix: String

  public init(
    clusterID: String = MeshDefaults.clusterID, trustDomain: String = MeshDefaults.trustDomain,
    rootNamespace: String = MeshDefaults.rootNamespace, network: String = "", domainSuffix: String = "cluster.local"
  ) {
    self.clusterID = clusterID
    self.trustDomain = trustDomain
    self.rootNamespace = rootNamespace
    self.network = network
    self.domainSuffix = domainSuffix
  }
}
