/// Facts about the cluster that writes need beyond the store: the CA that
/// `kube-root-ca.crt` ConfigMaps publish.
struct ClusterContext: Sendable {
  var caCertificatePEM: String
}
