/// Defaults that match a stock Istio installation.
public enum MeshDefaults {
  public static let trustDomain = "cluster.local"
  public static let clusterID = "Kubernetes"
  public static let rootNamespace = "istio-system"
  /// The `ns/sa` allowed to ask for certificates on behalf of workloads on its node.
  public static let nodeAgentAccount = "istio-system/ztunnel"
  /// Audience of the service-account tokens agents present to the control plane.
  public static let tokenAudience = "istio-ca"
}
