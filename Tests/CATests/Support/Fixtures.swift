import CA
import Crypto
import Foundation
import MeshTestSupport
import Shared

/// Shared building blocks for CA tests.
enum Fixtures {
  static let sleep = try! SpiffeIdentity(parsing: "spiffe://cluster.local/ns/ambient-apps/sa/sleep-ambient")
  static let httpbin = try! SpiffeIdentity(parsing: "spiffe://cluster.local/ns/ambient-apps/sa/httpbin-ambient")

  static func selfSignedCA(in dir: TempDir, policy: SigningPolicy = SigningPolicy()) throws -> CertificateAuthority {
    try CertificateAuthority(
      store: DirectoryCAStore(directory: dir.url.appendingPathComponent("ca")), mode: .selfSigned, policy: policy)
  }

  static func csr(for identity: SpiffeIdentity) throws -> (pem: String, key: P256.Signing.PrivateKey) {
    let key = P256.Signing.PrivateKey()
    return (try CSRBuilder.make(for: identity, key: key), key)
  }

  /// A CA service whose tokens are `token-<sa>` for the walkthrough's accounts plus the node agent.
  static func service(ca: CertificateAuthority, pods: (any PodLocator)? = nil) -> CertificateService {
    let tokens: [String: AuthenticatedCaller] = [
      "token-sleep": AuthenticatedCaller(namespace: "ambient-apps", serviceAccount: "sleep-ambient"),
      "token-ztunnel-a": AuthenticatedCaller(
        namespace: "istio-system", serviceAccount: "ztunnel", podName: "ztunnel-a"),
      "token-ztunnel-unbound": AuthenticatedCaller(namespace: "istio-system", serviceAccount: "ztunnel"),
    ]
    return CertificateService(
      ca: ca, authenticator: StaticTokenAuthenticator(tokens: tokens, clusterID: MeshDefaults.clusterID),
      authorizer: IdentityAuthorizer(trustDomain: ca.trustDomain, pods: pods))
  }
}

/// Pods in a fixed layout: ztunnel-a and httpbin on node-a; sleep on node-b.
struct FixedPods: PodLocator {
  var pods: [PodPlacement] = [
    PodPlacement(namespace: "istio-system", name: "ztunnel-a", serviceAccount: "ztunnel", nodeName: "node-a"),
    PodPlacement(namespace: "ambient-apps", name: "httpbin-1", serviceAccount: "httpbin-ambient", nodeName: "node-a"),
    PodPlacement(namespace: "ambient-apps", name: "sleep-1", serviceAccount: "sleep-ambient", nodeName: "node-b"),
  ]

  func pod(namespace: String, name: String) async -> PodPlacement? {
    pods.first { $0.namespace == namespace && $0.name == name }
  }

  func pods(onNode node: String, namespace: String, serviceAccount: String) async -> [PodPlacement] {
    pods.filter { $0.nodeName == node && $0.namespace == namespace && $0.serviceAccount == serviceAccount }
  }
}
