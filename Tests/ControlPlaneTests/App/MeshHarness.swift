import CA
import ControlPlane
import DevCluster
import Foundation
import Kube
import Logging
import MeshTestSupport
import Shared
import XDS

/// The control plane as it runs for real, minus the process: the dev API server, the Kubernetes
/// side (informers → translation → xDS cache), and the CA + Delta ADS server authenticating by
/// TokenReview. An xDS client with a TokenRequest-issued ztunnel token stands in for a ztunnel.
final class MeshHarness: Sendable {
  let directory: TempDir
  let api: DevAPIServer
  let kube: KubeClient
  let cache: ResourceCache
  let app: ControlPlaneApp
  let server: ControlPlaneServer
  let ads: DeltaADSServer
  let ca: CertificateAuthority
  let kubeconfig: String

  init() async throws {
    directory = try TempDir()
    api = DevAPIServer(
      config: DevAPIServerConfig(stateDirectory: directory.path("api")), logger: Logger(label: "test.api"))
    _ = try await api.start()
    kubeconfig = api.kubeconfigPath
    kube = try KubeClient(config: try KubeConfig.fromKubeconfig(path: kubeconfig))
    _ = try await Tool.ok([
      "kubectl", "--kubeconfig", kubeconfig, "apply", "-f",
      Walkthrough.repositoryRoot.appendingPathComponent("manifests/crds").path,
    ])
    cache = ResourceCache(window: .milliseconds(20))
    ca = try CertificateAuthority(
      store: DirectoryCAStore(directory: URL(fileURLWithPath: directory.path("ca"))), mode: .selfSigned)
    app = ControlPlaneApp(client: kube, cache: cache, config: MeshConfig(), trustBundlePEM: ca.trustBundlePEM)
    let authenticator = TokenReviewAuthenticator(client: kube, clusterID: MeshDefaults.clusterID)
    let pods = InformerPodLocator(pods: app.watch.pods)
    let ads = DeltaADSServer(cache: cache, authenticator: authenticator, pods: pods)
    self.ads = ads
    server = try ControlPlaneServer(
      config: ControlPlaneServerConfig(
        host: "127.0.0.1", port: 0,
        identity: try SpiffeIdentity(parsing: "spiffe://cluster.local/ns/istio-system/sa/istiod"),
        servingNames: ["127.0.0.1"]),
      service: CertificateService(
        ca: ca, authenticator: authenticator, authorizer: IdentityAuthorizer(trustDomain: "cluster.local", pods: pods)),
      extraServices: [ads])
    try await namespace("istio-system")
    _ = try await kube.create(
      KubeObject(type: .serviceAccount, namespace: "istio-system", name: "ztunnel"), as: .serviceAccount)
  }

  func namespace(_ name: String, labels: [String: String] = [:]) async throws {
    _ = try await kube.create(KubeObject(type: .namespace, name: name, labels: labels), as: .namespace)
  }

  /// A running pod as the kubelet would report it: scheduled, with an IP, Ready.
  func runningPod(
    _ name: String, namespace: String, ip: String, serviceAccount: String = "default", labels: [String: String]
  ) async throws {
    var pod = KubeObject(type: .pod, namespace: namespace, name: name, labels: labels)
    pod.spec = [
      "nodeName": "node-a", "serviceAccountName": .string(serviceAccount),
      "containers": [["name": "app", "image": "app", "ports": [["containerPort": 80, "name": "http"]]]],
    ]
    _ = try await kube.create(pod, as: .pod)
    _ = try await kube.patch(
      .pod, namespace: namespace, name: name,
      patch: [
        "status": [
          "phase": "Running", "podIP": .string(ip), "podIPs": [["ip": .string(ip)]],
          "conditions": [["type": "Ready", "status": "True"]],
        ]
      ], status: true)
  }

  /// Runs the control plane and an xDS client for the duration of `body`.
  func withRunningMesh(_ body: (XDSView) async throws -> Void) async throws {
    let appTask = Task { try await app.run() }
    defer { appTask.cancel() }
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await self.server.server.serve() }
      defer { server.server.beginGracefulShutdown() }
      guard let port = try await server.listeningPort() else { throw CAError(.unavailable, "no port") }
      let token = try await kube.requestToken(
        namespace: "istio-system", serviceAccount: "ztunnel", audiences: ["istio-ca"])
      let view = XDSView()
      let client = DeltaADSClient(
        config: XDSClientConfig(
          host: "127.0.0.1", port: port, rootPEM: ca.trustBundlePEM, token: { token.token },
          nodeID: "ztunnel~10.0.0.1~ztunnel-a.istio-system~istio-system.svc.cluster.local"),
        subscriptions: [
          .init(typeURL: XDSTypeURL.address, handler: view.addresses),
          .init(typeURL: XDSTypeURL.authorization, handler: view.policies),
          .init(typeURL: XDSTypeURL.waypointService, handler: view.waypoints),
        ])
      let clientTask = Task { await client.run() }
      defer { clientTask.cancel() }
      await client.waitUntilReady()
      try await body(view)
    }
  }

  func stop() async {
    await kube.shutdown()
    await api.shutdown()
  }
}
