import Kube

/// What the trust-bundle ConfigMap of one namespace needs: pure, so "create when missing, update
/// when stale, otherwise leave alone" is decided apart from the I/O.
public enum RootCertDecision: Sendable, Hashable {
  case unchanged
  case create(ConfigMap)
  /// The existing ConfigMap with the bundle replaced (other keys and labels kept; its
  /// resourceVersion makes the update conditional).
  case update(ConfigMap)

  public static let configMapName = "istio-ca-root-cert"
  public static let dataKey = "root-cert.pem"
  /// The label istiod puts on the ConfigMaps it manages.
  public static let configLabel = "istio.io/config"

  public static func decide(existing: ConfigMap?, namespace: String, trustBundlePEM: String) -> RootCertDecision {
    guard var configMap = existing else {
      var created = ConfigMap(namespace: namespace, name: configMapName, labels: [configLabel: "true"])
      created.data = [dataKey: trustBundlePEM]
      return .create(created)
    }
    guard configMap.data[dataKey] != trustBundlePEM else { return .unchanged }
    configMap.data[dataKey] = trustBundlePEM
    return .update(configMap)
  }
}
