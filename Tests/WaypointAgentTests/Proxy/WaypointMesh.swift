import CA
import Foundation
import Logging
import MeshTestSupport
import NIOCore
import Shared
import WaypointAgent
import XDS
import ZtunnelAgent

/// A control plane slice on loopback for waypoint tests: a real CA and Delta ADS server whose
/// resources the test publishes; ztunnels (explicit mode) and a waypoint built against it.
/// Layout: sleep on node-a; httpbin-v1 and httpbin-v2 on node-b; the waypoint on node-w.
struct WaypointMesh {
  let dir: TempDir
  let ca: CertificateAuthority
  let cache: ResourceCache
  let server: ControlPlaneServer
  let port: Int

  static let sleepIP = "127.0.78.2"
  static let v1IP = "127.0.78.3"
  static let v2IP = "127.0.78.4"
  static let waypointIP = "127.0.78.5"
  static let vip = "10.96.78.10"
  static let gateway = "apps/waypoint"

  static let tokens: [String: AuthenticatedCaller] = [
    "ztunnel-a": AuthenticatedCaller(namespace: "istio-system", serviceAccount: "ztunnel", podName: "ztunnel-a"),
    "ztunnel-b": AuthenticatedCaller(namespace: "istio-system", serviceAccount: "ztunnel", podName: "ztunnel-b"),
    "waypoint": AuthenticatedCaller(namespace: "apps", serviceAccount: "waypoint", podName: "waypoint"),
  ]

  struct Pods: PodLocator {
    let placements = [
      PodPlacement(namespace: "istio-system", name: "ztunnel-a", serviceAccount: "ztunnel", nodeName: "node-a"),
      PodPlacement(namespace: "istio-system", name: "ztunnel-b", serviceAccount: "ztunnel", nodeName: "node-b"),
      PodPlacement(namespace: "apps", name: "waypoint", serviceAccount: "waypoint", nodeName: "node-w"),
      PodPlacement(namespace: "apps", name: "sleep", serviceAccount: "sleep", nodeName: "node-a"),
      PodPlacement(namespace: "apps", name: "httpbin-v1", serviceAccount: "httpbin", nodeName: "node-b"),
      PodPlacement(namespace: "apps", name: "httpbin-v2", serviceAccount: "httpbin", nodeName: "node-b"),
    ]
    func pod(namespace: String, name: String) async -> PodPlacement? {
      placements.first { $0.namespace == namespace && $0.name == name }
    }
    func pods(onNode node: String, namespace: String, serviceAccount: String) async -> [PodPlacement] {
      placements.filter { $0.nodeName == node && $0.namespace == namespace && $0.serviceAccount == serviceAccount }
    }
  }

  static func start() async throws -> (WaypointMesh, Task<Void, any Error>) {
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
    return (WaypointMesh(dir: dir, ca: ca, cache: cache, server: server, port: port), task)
  }

  func stop(_ task: Task<Void, any Error>) {
    server.server.beginGracefulShutdown()
    task.cancel()
  }

  // MARK: The mesh model

  static func pod(
    _ name: String, _ ip: String, sa: String, node: String, hbone: Bool = true, services: [String: [ServicePort]] = [:]
  ) -> Workload {
    Workload(
      uid: Workload.podUID(cluster: "Kubernetes", namespace: "apps", name: name), name: name, namespace: "apps",
      addresses: [try! IPAddress(ip)], tunnelProtocol: hbone ? .hbone : .none, serviceAccount: sa, node: node,
      canonicalName: name, canonicalRevision: "v1", workloadName: name, services: services)
  }

  static func service(_ name: String, vip: String, waypoint: Bool) -> Service {
    Service(
      name: name, namespace: "apps", hostname: "\(name).apps.svc.cluster.local",
      addresses: [NetworkAddress(address: try! IPAddress(vip))], ports: [ServicePort(servicePort: 80, targetPort: 0)],
      waypoint: waypoint
        ? GatewayAddress(destination: .address(NetworkAddress(address: try! IPAddress(waypointIP)))) : nil)
  }

  static func key(_ name: String) -> String { "apps/\(name).apps.svc.cluster.local" }

  /// `httpbin` (with the waypoint) selects v1; `httpbin-v1` and `httpbin-v2` one pod each.
  func publishMesh(v1Port: Int, v2Port: Int) throws {
    let v1 = Self.pod(
      "httpbin-v1", Self.v1IP, sa: "httpbin", node: "node-b",
      services: [
        Self.key("httpbin"): [ServicePort(servicePort: 80, targetPort: UInt16(v1Port))],
        Self.key("httpbin-v1"): [ServicePort(servicePort: 80, targetPort: UInt16(v1Port))],
      ])
    let v2 = Self.pod(
      "httpbin-v2", Self.v2IP, sa: "httpbin", node: "node-b",
      services: [Self.key("httpbin-v2"): [ServicePort(servicePort: 80, targetPort: UInt16(v2Port))]])
    let workloads = [
      Self.pod("sleep", Self.sleepIP, sa: "sleep", node: "node-a"), v1, v2,
      Self.pod("waypoint", Self.waypointIP, sa: "waypoint", node: "node-w", hbone: false),
    ]
    let services = [
      Self.service("httpbin", vip: Self.vip, waypoint: true),
      Self.service("httpbin-v1", vip: "10.96.78.11", waypoint: false),
      Self.service("httpbin-v2", vip: "10.96.78.12", waypoint: false),
    ]
    _ = cache.update(
      typeURL: XDSTypeURL.address,
      upserts: try workloads.map { try XDSResource.workload($0) } + services.map { try XDSResource.service($0) })
  }

  func publish(_ service: L7Service) throws {
    _ = cache.update(typeURL: XDSTypeURL.waypointService, upserts: [try XDSResource.waypointService(service)])
  }

  // MARK: Agents

  func ztunnel(node: String, token: String, socks: Bool) throws -> ZtunnelApp {
    let credentials = CallerCredentials(bearerToken: token, clusterID: MeshDefaults.clusterID)
    let any = HostPort(host: "127.0.0.1", port: 0)
    let config = ZtunnelConfig(
      nodeName: node, rootPEMs: [ca.trustBundlePEM],
      xds: xdsConfig(token: token, kind: "ztunnel", namespace: "istio-system", node: node),
      certificates: InProcessCertificateSource(service: certificateService(), credentials: credentials),
      ownIdentity: try SpiffeIdentity(parsing: "spiffe://cluster.local/ns/istio-system/sa/ztunnel"),
      capture: .explicit, adminAddress: any, metricsAddress: any, readinessAddress: any,
      socks5Address: socks ? any : nil, drainTimeout: .seconds(1), workerThreads: 1)
    return try ZtunnelApp(config: config, logger: Logger(label: "mesh.ztunnel.\(node)"))
  }

  func waypoint() throws -> WaypointApp {
    let credentials = CallerCredentials(bearerToken: "waypoint", clusterID: MeshDefaults.clusterID)
    let any = HostPort(host: "127.0.0.1", port: 0)
    let config = WaypointConfig(
      gateway: Self.gateway, identity: try SpiffeIdentity(parsing: "spiffe://cluster.local/ns/apps/sa/waypoint"),
      rootPEMs: [ca.trustBundlePEM],
      xds: xdsConfig(token: "waypoint", kind: "waypoint", namespace: "apps", node: "node-w"),
      certificates: InProcessCertificateSource(service: certificateService(), credentials: credentials),
      hboneAddress: HostPort(host: Self.waypointIP, port: Int(MeshPorts.hbone)), adminAddress: any,
      metricsAddress: any, readinessAddress: any, drainTimeout: .seconds(1), workerThreads: 1)
    return try WaypointApp(config: config, logger: Logger(label: "mesh.waypoint"))
  }

  private func certificateService() -> CertificateService {
    CertificateService(
      ca: ca, authenticator: StaticTokenAuthenticator(tokens: Self.tokens, clusterID: MeshDefaults.clusterID),
      authorizer: IdentityAuthorizer(trustDomain: "cluster.local", pods: Pods()))
  }

  private func xdsConfig(token: String, kind: String, namespace: String, node: String) -> XDSClientConfig {
    XDSClientConfig(
      host: "127.0.0.1", port: port, rootPEM: ca.trustBundlePEM, token: { token },
      nodeID: "\(kind)~127.0.0.1~\(token).\(namespace)~\(namespace).svc.cluster.local",
      nodeMetadata: ["NAME": token, "NAMESPACE": namespace, "NODE_NAME": node])
  }
}
