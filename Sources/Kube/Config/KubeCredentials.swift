/// How the client proves who it is to the API server.
public enum KubeCredentials: Sendable, Hashable {
  case none
  /// A bearer token given inline (kubeconfig `token`).
  case token(String)
  /// A bearer token read from a file and re-read when it changes: in-cluster service-account tokens are
  /// projected and rotated by the kubelet, so a token read once would expire under a long-running agent.
  case tokenFile(String)
  /// A client certificate and key, PEM.
  case clientCertificate(certificatePEM: String, keyPEM: String)
}
