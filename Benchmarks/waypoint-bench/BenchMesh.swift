import CA
import Foundation
import Shared
import XDS

/// The benchmark's control plane: CA (self-signed root), Delta ADS with a static token table,
/// and the mesh both waypoints serve in the same way: Service `httpbin` (VIP 10.96.0.10:80) with
/// the waypoint, its one endpoint a plain HTTP server outside the mesh, and the walkthrough's
/// step-4 policy (`/ip` only, with a token from testing@secure.istio.io).
struct BenchMesh {
  let directory: String
  let ca: CertificateAuthority
  let cache: ResourceCache
  let server: ControlPlaneServer
  let service: CertificateService

  static let tokens: [String: AuthenticatedCaller] = [
    "waypoint": AuthenticatedCaller(namespace: "apps", serviceAccount: "waypoint", podName: "waypoint"),
    "sleep": AuthenticatedCaller(namespace: "apps", serviceAccount: "sleep", podName: "sleep"),
  ]
  static let vip = "10.96.0.10"

  struct NoPods: PodLocator {
    func pod(namespace: String, name: String) async -> PodPlacement? {
      PodPlacement(namespace: namespace, name: name, serviceAccount: name, nodeName: "bench")
    }
    func pods(onNode node: String, namespace: String, serviceAccount: String) async -> [PodPlacement] { [] }
  }

  init(directory: String) throws {
    self.directory = directory
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    ca = try CertificateAuthority(
      store: DirectoryCAStore(directory: URL(fileURLWithPath: directory).appendingPathComponent("ca")),
      mode: .selfSigned)
    cache = ResourceCache(window: .milliseconds(5))
    let auth = StaticTokenAuthenticator(tokens: Self.tokens, clusterID: MeshDefaults.clusterID)
    let ads = DeltaADSServer(cache: cache, authenticator: auth, pods: NoPods())
    service = CertificateService(
      ca: ca, authenticator: auth, authorizer: IdentityAuthorizer(trustDomain: "cluster.local", pods: NoPods()))
    server = try ControlPlaneServer(
      config: ControlPlaneServerConfig(
        host: "127.0.0.1", port: 0,
        identity: try SpiffeIdentity(parsing: "spiffe://cluster.local/ns/istio-system/sa/istiod"),
        servingNames: ["127.0.0.1"]),
      service: service, extraServices: [ads])
  }

  func publish(backend: HostPort, jwks: String) throws {
    let key = "apps/httpbin.apps.svc.cluster.local"
    let backendWorkload = Workload(
      uid: Workload.podUID(cluster: "Kubernetes", namespace: "apps", name: "httpbin"), name: "httpbin",
      namespace: "apps", addresses: [try IPAddress(backend.host)], tunnelProtocol: .none, serviceAccount: "httpbin",
      node: "bench", canonicalName: "httpbin", canonicalRevision: "v1", workloadName: "httpbin",
      services: [key: [ServicePort(servicePort: 80, targetPort: UInt16(backend.port))]])
    let meshService = Service(
      name: "httpbin", namespace: "apps", hostname: "httpbin.apps.svc.cluster.local",
      addresses: [NetworkAddress(address: try IPAddress(Self.vip))],
      ports: [ServicePort(servicePort: 80, targetPort: 0)])
    _ = cache.update(
      typeURL: XDSTypeURL.address,
      upserts: [try XDSResource.workload(backendWorkload), try XDSResource.service(meshService)])
    var source = L7Source()
    source.principals = ["cluster.local/ns/apps/sa/sleep"]
    var operation = L7Operation()
    operation.paths = ["/ip"]
    let policy = L7AuthorizationPolicy(
      name: "allow-ip-path-with-jwt", namespace: "apps", action: .allow,
      rules: [
        L7AuthorizationRule(
          from: [source], to: [operation],
          when: [L7Condition(key: "request.auth.claims[iss]", values: ["testing@secure.istio.io"])])
      ])
    let l7 = L7Service(
      name: "httpbin", namespace: "apps", hostname: "httpbin.apps.svc.cluster.local",
      ports: [L7ServicePort(port: 80, name: "http", protocol: .http)], waypoint: "apps/waypoint",
      routes: [
        L7Route(route: "apps/httpbin", ruleIndex: 0, backends: [.service(key: key, port: 80, weight: 1)])
      ], policies: [policy],
      jwtProviders: [JWTProvider(source: "apps/require-jwt", issuer: "testing@secure.istio.io", jwks: jwks)])
    _ = cache.update(typeURL: XDSTypeURL.waypointService, upserts: [try XDSResource.waypointService(l7)])
  }

  /// root.pem, the tokens, and certificates for the client Envoy (sleep) and the Envoy waypoint
  /// (the same identity our waypoint gets).
  func writeCredentials() async throws {
    try ca.trustBundlePEM.write(toFile: "\(directory)/root.pem", atomically: true, encoding: .utf8)
    try "waypoint\n".write(toFile: "\(directory)/waypoint.token", atomically: true, encoding: .utf8)
    for name in ["sleep", "waypoint"] {
      let manager = CertificateManager(
        source: InProcessCertificateSource(
          service: service, credentials: CallerCredentials(bearerToken: name, clusterID: MeshDefaults.clusterID)),
        ownIdentity: nil)
      let identity = try SpiffeIdentity(trustDomain: "cluster.local", namespace: "apps", serviceAccount: name)
      let certificate = try await manager.certificate(for: identity)
      try certificate.chainPEMs.dropLast().joined().write(
        toFile: "\(directory)/\(name).crt", atomically: true, encoding: .utf8)
      try certificate.privateKey.pemRepresentation.write(
        toFile: "\(directory)/\(name).key", atomically: true, encoding: .utf8)
      await manager.shutdown()
    }
  }
}
