import Foundation
import Kube
import MeshTestSupport
import Testing

@Suite("Kubernetes client configuration")
struct KubeConfigTests {
  static let pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"

  @Test("kubeconfig: current context, inline CA data, token, namespace")
  func inline() throws {
    let dir = try TempDir()
    let path = dir.path("config")
    let caData = Data(Self.pem.utf8).base64EncodedString()
    try """
    apiVersion: v1
    kind: Config
    current-context: dev
    clusters:
    - name: c1
      cluster: {server: "https://127.0.0.1:6443/", certificate-authority-data: \(caData)}
    - name: other
      cluster: {server: "https://10.0.0.1"}
    users:
    - name: u1
      user: {token: abc123}
    contexts:
    - name: dev
      context: {cluster: c1, user: u1, namespace: apps}
    - name: prod
      context: {cluster: other, user: u1}
    """.write(toFile: path, atomically: true, encoding: .utf8)
    let config = try KubeConfig.fromKubeconfig(path: path)
    #expect(config.server == "https://127.0.0.1:6443")
    #expect(config.certificateAuthorityPEM == Self.pem)
    #expect(config.credentials == .token("abc123"))
    #expect(config.namespace == "apps")
    let prod = try KubeConfig.fromKubeconfig(path: path, context: "prod")
    #expect(prod.server == "https://10.0.0.1" && prod.namespace == "default")
    #expect(throws: KubeConfigError.self) { try KubeConfig.fromKubeconfig(path: path, context: "nope") }
  }

  @Test("kubeconfig: client certificate files relative to the kubeconfig")
  func clientCertificateFiles() throws {
    let dir = try TempDir()
    try "CERT".write(toFile: dir.path("client.crt"), atomically: true, encoding: .utf8)
    try "KEY".write(toFile: dir.path("client.key"), atomically: true, encoding: .utf8)
    try """
    current-context: c
    clusters: [{name: c, cluster: {server: "https://localhost:1"}}]
    users: [{name: u, user: {client-certificate: client.crt, client-key: client.key}}]
    contexts: [{name: c, context: {cluster: c, user: u}}]
    """.write(toFile: dir.path("kc"), atomically: true, encoding: .utf8)
    let config = try KubeConfig.fromKubeconfig(path: dir.path("kc"))
    #expect(config.credentials == .clientCertificate(certificatePEM: "CERT", keyPEM: "KEY"))
  }

  @Test("kubeconfig errors name the file and the missing piece")
  func errors() throws {
    let dir = try TempDir()
    try """
    current-context: c
    clusters: []
    contexts: [{name: c, context: {cluster: missing, user: u}}]
    """.write(toFile: dir.path("kc"), atomically: true, encoding: .utf8)
    do {
      _ = try KubeConfig.fromKubeconfig(path: dir.path("kc"))
      Issue.record("expected an error")
    } catch {
      #expect(error.message.contains("cluster \"missing\""))
      #expect(error.message.contains(dir.path("kc")))
    }
    #expect(throws: KubeConfigError.self) { try KubeConfig.fromKubeconfig(path: dir.path("absent")) }
  }

  @Test("in-cluster: service host and port, token file, CA and namespace")
  func inCluster() throws {
    let dir = try TempDir()
    try "tok".write(toFile: dir.path("token"), atomically: true, encoding: .utf8)
    try Self.pem.write(toFile: dir.path("ca.crt"), atomically: true, encoding: .utf8)
    try "istio-system\n".write(toFile: dir.path("namespace"), atomically: true, encoding: .utf8)
    let config = try KubeConfig.inCluster(
      environment: ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"], directory: dir.url.path)
    #expect(config.server == "https://10.96.0.1:443")
    #expect(config.credentials == .tokenFile(dir.path("token")))
    #expect(config.namespace == "istio-system")
    let v6 = try KubeConfig.inCluster(environment: ["KUBERNETES_SERVICE_HOST": "fd00::1"], directory: dir.url.path)
    #expect(v6.server == "https://[fd00::1]:443")
    #expect(throws: KubeConfigError.self) { try KubeConfig.inCluster(environment: [:], directory: dir.url.path) }
  }
}
