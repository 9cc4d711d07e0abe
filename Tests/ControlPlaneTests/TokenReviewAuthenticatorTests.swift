import CA
import ControlPlane
import DevCluster
import Foundation
import Kube
import Logging
import MeshTestSupport
import Testing

/// The CA's production authenticator against the dev API server's TokenRequest/TokenReview.
@Suite("TokenReview authenticator")
struct TokenReviewAuthenticatorTests {
  @Test("a TokenRequest-issued token for istio-ca passes; forged, wrong-audience and orphaned ones fail")
  func review() async throws {
    let directory = try TempDir()
    let server = DevAPIServer(
      config: DevAPIServerConfig(stateDirectory: directory.path("state")), logger: Logger(label: "test"))
    _ = try await server.start()
    let client = try KubeClient(config: try KubeConfig.fromKubeconfig(path: server.kubeconfigPath))
    _ = try await client.create(KubeObject(type: .namespace, name: "apps"), as: .namespace)
    _ = try await client.create(
      KubeObject(type: .serviceAccount, namespace: "apps", name: "sleep"), as: .serviceAccount)
    var pod = KubeObject(type: .pod, namespace: "apps", name: "sleep-1")
    pod.spec = ["serviceAccountName": "sleep", "nodeName": "node-a", "containers": [["name": "c", "image": "curl"]]]
    pod = try await client.create(pod, as: .pod)

    let authenticator = TokenReviewAuthenticator(client: client, clusterID: "Kubernetes")
    let issued = try await client.requestToken(
      namespace: "apps", serviceAccount: "sleep", audiences: ["istio-ca"], boundPod: (pod.name, pod.uid))
    let caller = try await authenticator.authenticate(
      CallerCredentials(bearerToken: issued.token, clusterID: "Kubernetes"))
    #expect(caller == AuthenticatedCaller(namespace: "apps", serviceAccount: "sleep", podName: "sleep-1"))

    await #expect(throws: CAError.self) {
      try await authenticator.authenticate(CallerCredentials(bearerToken: issued.token, clusterID: "other-cluster"))
    }
    let apiToken = try await client.requestToken(namespace: "apps", serviceAccount: "sleep", audiences: ["other"])
    await #expect(throws: CAError.self) {
      try await authenticator.authenticate(CallerCredentials(bearerToken: apiToken.token, clusterID: ""))
    }
    var forged = Array(issued.token)
    forged[forged.count - 3] = forged[forged.count - 3] == "A" ? "B" : "A"
    await #expect(throws: CAError.self) {
      try await authenticator.authenticate(CallerCredentials(bearerToken: String(forged), clusterID: ""))
    }
    // A token bound to a pod dies with the pod (a fresh authenticator: no cached acceptance).
    try await client.delete(.pod, namespace: "apps", name: "sleep-1")
    let fresh = TokenReviewAuthenticator(client: client, clusterID: "Kubernetes")
    await #expect(throws: CAError.self) {
      try await fresh.authenticate(CallerCredentials(bearerToken: issued.token, clusterID: ""))
    }
    await client.shutdown()
    await server.shutdown()
  }
}
