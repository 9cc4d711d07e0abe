import CA
import Foundation
import Logging
import MeshTestSupport
import NIOCore
import NIOPosix
import Shared
import Testing
import XDS
import ZtunnelAgent

/// A control plane slice on loopback for ztunnel tests: a real CA (impersonation checked against
/// a fixed pod layout) and a Delta ADS server whose resources the test publishes directly.
struct MeshSlice {
  let dir: TempDir
  let ca: CertificateAuthority
  let cache: ResourceCache
  let ads: DeltaADSServer
  let server: ControlPlaneServer
  let port: Int

  static let tokens: [String: AuthenticatedCaller] = [
    "ztunnel-a": AuthenticatedCaller(namespace: "istio-system", serviceAccount: "ztunnel", podName: "ztunnel-a"),
    "ztunnel-b": AuthenticatedCaller(namespace: "istio-system", serviceAccount: "ztunnel", podName: "ztunnel-b"),
  ]

  /// ztunnel-a and sleep on node-a; ztunnel-b and httpbin on node-b.
  struct Pods: PodLocator {
    let placements = [
      PodPlacement(namespace: "istio-system", name: "ztunnel-a", serviceAccount: "ztunnel", nodeName: "node-a"),
      PodPlacement(namespace: "istio-system", name: "ztunnel-b", serviceAccount: "ztunnel", nodeName: "node-b"),
      PodPlacement(namespace: "apps", name: "sleep", serviceAccount: "sleep", nodeName: "node-a"),
      PodPlacement(namespace: "apps", name: "httpbin", serviceAccount: "httpbin", nodeName: "node-b"),
    ]
    func pod(namespace: String, name: String) async -> PodPlacement? {
      placements.first { $0.namespace == namespace && $0.name == name }
    }
    func pods(onNode node: String, namespace: String, serviceAccount: String) async -> [PodPlacement] {
      placements.filter { $0.nodeName == node && $0.namespace == namespace && $0.serviceAccount == serviceAccount }
    }
  }

  static func start() async throws -> (MeshSlice, Task<Void, any Error>) {
    let dir = try TempDir()
    let ca = try CertificateAuthority(
      store: DirectoryCAStore(directory: dir.url.appendingPathComponent("ca")), mode: .selfSigned)
    let cache = ResourceCache(window: .milliseconds(5))
    let auth = StaticTokenAuthenticator(tokens: tokens, clusterID: MeshDefaults.clusterID)
    let ads = DeltaADSServer(cache: cache, authenticator: auth, pods: Pods())
    let server = try ControlPlaneServer(
      config: ControlPlaneServerConfig(
        host: "127.0.0.1", port: 0,
        identity: try SpiffeIdentity(parsing: "spiffe://cluster.local/ns/istio-system/sa/istiod"),
        servingNames: ["127.0.0.1"]),
      service: CertificateService(
        ca: ca, authenticator: auth, authorizer: IdentityAuthorizer(trustDomain: "cluster.local", pods: Pods())),
      extraServices: [ads])
    let task = Task { try await server.server.serve() }
    guard let port = try await server.listeningPort() else { throw CAError(.unavailable, "no port") }
    return (MeshSlice(dir: dir, ca: ca, cache: cache, ads: ads, server: server, port: port), task)
  }

  func stop(_ task: Task<Void, any Error>) {
    server.server.beginGracefulShutdown()
    task.cancel()
  }

  func publish(workloads: [Workload] = [], services: [Service] = [], policies: [AuthorizationPolicy] = []) throws {
    _ = cache.update(
      typeURL: XDSTypeURL.address,
      upserts: try workloads.map { try XDSResource.workload($0) } + services.map { try XDSResource.service($0) })
    _ = cache.update(typeURL: XDSTypeURL.authorization, upserts: try policies.map { try XDSResource.policy($0) })
  }

  /// A ztunnel for `node` (explicit mode unless told otherwise), its ports on loopback chosen by the kernel.
  func ztunnel(
    node: String, token: String, socks: Bool, capture: ZtunnelConfig.Capture = .explicit
  ) throws -> ZtunnelApp {
    let credentials = CallerCredentials(bearerToken: token, clusterID: MeshDefaults.clusterID)
    let service = CertificateService(
      ca: ca, authenticator: StaticTokenAuthenticator(tokens: Self.tokens, clusterID: MeshDefaults.clusterID),
      authorizer: IdentityAuthorizer(trustDomain: "cluster.local", pods: Pods()))
    let any = HostPort(host: "127.0.0.1", port: 0)
    let config = ZtunnelConfig(
      nodeName: node, rootPEMs: [ca.trustBundlePEM],
      xds: XDSClientConfig(
        host: "127.0.0.1", port: port, rootPEM: ca.trustBundlePEM, token: { token },
        nodeID: "ztunnel~127.0.0.1~\(token).istio-system~istio-system.svc.cluster.local",
        nodeMetadata: ["NAME": token, "NAMESPACE": "istio-system", "NODE_NAME": node]),
      certificates: InProcessCertificateSource(service: service, credentials: credentials),
      ownIdentity: try SpiffeIdentity(parsing: "spiffe://cluster.local/ns/istio-system/sa/ztunnel"),
      capture: capture, adminAddress: any, metricsAddress: any, readinessAddress: any,
      socks5Address: socks ? any : nil, drainTimeout: .seconds(1), workerThreads: 1)
    return try ZtunnelApp(config: config, logger: Logger(label: "mesh.ztunnel.\(node)"))
  }

  /// Publishes a namespace-wide DENY of the sleep identity and waits until `ztunnel` has it.
  func denySleep(at ztunnel: ZtunnelApp) async throws {
    let deny = AuthorizationPolicy(
      name: "deny-sleep", namespace: "apps", scope: .namespace, action: .deny,
      rules: [
        .init(clauses: [.init(matches: [AuthorizationMatch(principals: [.exact("cluster.local/ns/apps/sa/sleep")])])])
      ])
    try publish(policies: [deny])
    let applied = await eventually { ztunnel.store.snapshot.policyCount == 1 }
    try #require(applied, "the policy did not reach the ztunnel")
  }

  /// The destination ztunnel counted a mutual-TLS connection from the sleep identity.
  static func reportsMutualTLSFromSleep(_ ztunnel: ZtunnelApp) -> Bool {
    let metrics = ztunnel.metrics.render()
    return metrics.contains("reporter=\"destination\"")
      && metrics.contains("source_principal=\"spiffe://cluster.local/ns/apps/sa/sleep\"")
      && metrics.contains("connection_security_policy=\"mutual_tls\"")
  }
}
