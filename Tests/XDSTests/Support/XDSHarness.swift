import CA
import Foundation
import GRPCCore
import Shared
import XDS

/// A control plane slice on loopback: a real CA, its TLS gRPC server hosting CreateCertificate
/// and Delta ADS, static tokens, and pods on two nodes.
struct XDSHarness {
  let dir: URL
  let ca: CertificateAuthority
  let cache: ResourceCache
  let ads: DeltaADSServer

  static let tokens: [String: AuthenticatedCaller] = [
    "ztunnel-a": AuthenticatedCaller(namespace: "istio-system", serviceAccount: "ztunnel", podName: "ztunnel-a"),
    "ztunnel-b": AuthenticatedCaller(namespace: "istio-system", serviceAccount: "ztunnel", podName: "ztunnel-b"),
  ]

  struct Pods: PodLocator {
    func pod(namespace: String, name: String) async -> PodPlacement? {
      guard namespace == "istio-system", name.hasPrefix("ztunnel-") else { return nil }
      return PodPlacement(
        namespace: namespace, name: name, serviceAccount: "ztunnel", nodeName: "node-" + name.dropFirst(8))
    }
    func pods(onNode node: String, namespace: String, serviceAccount: String) async -> [PodPlacement] { [] }
  }

  init(window: Duration = .milliseconds(20), isReady: @escaping @Sendable () -> Bool = { true }) throws {
    dir = FileManager.default.temporaryDirectory.appendingPathComponent("xds-\(UUID().uuidString)")
    ca = try CertificateAuthority(store: DirectoryCAStore(directory: dir), mode: .selfSigned)
    cache = ResourceCache(window: window)
    let auth = StaticTokenAuthenticator(tokens: Self.tokens, clusterID: MeshDefaults.clusterID)
    ads = DeltaADSServer(cache: cache, authenticator: auth, pods: Pods(), isReady: isReady)
  }

  /// Runs the TLS server for the duration of `body`, passing its port.
  func serve<T: Sendable>(_ body: (Int) async throws -> T) async throws -> T {
    let server = try makeServer()
    defer { try? FileManager.default.removeItem(at: dir) }
    return try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await server.server.serve() }
      defer { server.server.beginGracefulShutdown() }
      guard let port = try await server.listeningPort() else { throw CAError(.unavailable, "no port") }
      return try await body(port)
    }
  }

  /// The TLS server (CA + this harness's Delta ADS) on a free loopback port, not yet running.
  func makeServer() throws -> ControlPlaneServer {
    let auth = StaticTokenAuthenticator(tokens: Self.tokens, clusterID: MeshDefaults.clusterID)
    return try ControlPlaneServer(
      config: ControlPlaneServerConfig(
        host: "127.0.0.1", port: 0,
        identity: try SpiffeIdentity(parsing: "spiffe://cluster.local/ns/istio-system/sa/istiod"),
        servingNames: ["istiod.istio-system.svc", "127.0.0.1"]),
      service: CertificateService(
        ca: ca, authenticator: auth, authorizer: IdentityAuthorizer(trustDomain: "cluster.local", pods: nil)),
      extraServices: [ads])
  }

  func client(port: Int, token: String = "ztunnel-a", subscriptions: [XDSClientSubscription]) -> DeltaADSClient {
    DeltaADSClient(
      config: XDSClientConfig(
        host: "127.0.0.1", port: port, rootPEM: ca.trustBundlePEM, token: { token },
        nodeID: "ztunnel~10.0.0.2~\(token).istio-system~istio-system.svc.cluster.local",
        nodeMetadata: ["NAME": token, "NAMESPACE": "istio-system"]),
      subscriptions: subscriptions)
  }
}
