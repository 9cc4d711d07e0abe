import AdminHTTP
import ArgumentParser
import CA
import ControlPlane
import Foundation
import Kube
import Logging
import ServiceLifecycle
import Shared
import XDS

/// The control plane binary. It serves the mesh CA (CreateCertificate) and Delta ADS on one TLS
/// port (15012), as istiod does. With a Kubernetes API (kubeconfig or in-cluster) callers are
/// authenticated by TokenReview and node agents may impersonate the pods of their node; without
/// one, a static token table stands in. The controllers that fill the xDS cache come with the
/// control plane issue; until then agents get an empty snapshot.
@main
struct ControlPlaneCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "controlplane", abstract: "Ambient mesh control plane: SPIFFE CA and Delta ADS over gRPC/TLS.",
    version: MeshVersion.current)

  @Option(help: "Address to serve CA (and later xDS) on.") var listen = "0.0.0.0:\(MeshPorts.controlPlaneTLS)"
  @Option(
    help:
      "Directory holding the self-signed CA (created on first start, kept). Default with Kubernetes: Secret istio-ca-secret (or a plug-in Secret cacerts) in the root namespace; without: .mesh/ca."
  )
  var caDir: String?
  @Option(help: "Plug-in CA directory in Istio's cacerts layout; when set, --ca-dir is not used.")
  var pluginCADir: String?
  @Option(help: "SPIFFE trust domain.") var trustDomain = MeshDefaults.trustDomain
  @Option(help: "Cluster ID callers must present in the clusterid header.") var clusterID = MeshDefaults.clusterID
  @Option(
    help:
      "Static token table (token,namespace,serviceAccount[,pod] per line); replaces TokenReview, for use without Kubernetes."
  )
  var tokenFile: String?
  @Option(help: "Kubeconfig of the cluster to serve (default: $KUBECONFIG, ~/.kube/config, then in-cluster).")
  var kubeconfig: String?
  @Option(help: "Default certificate lifetime in seconds.") var defaultTTL = 24 * 3600
  @Option(help: "Maximum certificate lifetime in seconds.") var maxTTL = 90 * 24 * 3600
  @Option(help: "Names agents dial, added to the serving certificate (repeatable).")
  var servingName: [String] = ["istiod.istio-system.svc", "localhost", "127.0.0.1"]
  @Option(help: "Write the trust bundle (root-cert.pem) here for agents to use.") var rootOut: String?
  @Option(help: "Address for /metrics, /ready and /debug/config_dump (with Kubernetes).")
  var monitoringListen = "0.0.0.0:\(MeshPorts.controlPlaneMonitoring)"
  @Option(help: "Log level: trace, debug, info, warning, error.") var logLevel = "info"
  @Option(help: "Image of the waypoint proxies this control plane deploys for istio-waypoint Gateways.")
  var waypointImage = WaypointSettings.defaultImage

  func run() async throws {
    let level = Logger.Level(rawValue: logLevel) ?? .info
    LoggingSystem.bootstrap { label in
      var handler = StreamLogHandler.standardError(label: label)
      handler.logLevel = level
      return handler
    }
    let logger = Logger(label: "mesh.controlplane")
    let endpoint = try HostPort(listen)
    // With Kubernetes (no --token-file) the client comes first: the CA may live in a Secret.
    let kube: KubeClient? =
      tokenFile == nil ? try KubeClient(config: try KubeConfig.resolve(explicitPath: kubeconfig)) : nil
    let (store, mode) = try await caStore(kube: kube)
    let ca = try CertificateAuthority(
      store: store, mode: mode, trustDomain: trustDomain,
      policy: SigningPolicy(defaultTTL: TimeInterval(defaultTTL), maxTTL: TimeInterval(maxTTL)))
    if let rootOut { try ca.trustBundlePEM.write(toFile: rootOut, atomically: true, encoding: .utf8) }
    let authenticator: any CallerAuthenticator
    var pods: (any PodLocator)?
    var background: [ServiceGroupConfiguration.ServiceConfiguration] = []
    var publisher: MeshPublisher?
    let cache = ResourceCache()
    if let tokenFile {
      authenticator = try StaticTokenAuthenticator(file: tokenFile, clusterID: clusterID)
    } else {
      guard let kube else { throw ValidationError("no Kubernetes client and no --token-file") }
      var meshConfig = MeshConfig()
      meshConfig.clusterID = clusterID
      meshConfig.trustDomain = trustDomain
      let app = ControlPlaneApp(
        client: kube, cache: cache, config: meshConfig, trustBundlePEM: ca.trustBundlePEM,
        waypointSettings: WaypointSettings(image: waypointImage), logger: logger)
      authenticator = TokenReviewAuthenticator(client: kube, clusterID: clusterID)
      pods = InformerPodLocator(pods: app.watch.pods)
      publisher = app.publisher
      background.append(.init(service: app))
      logger.info(
        "watching Kubernetes; authenticating callers with TokenReview",
        metadata: ["kube.server": "\(kube.config.server)"])
    }
    let service = CertificateService(
      ca: ca, authenticator: authenticator, authorizer: IdentityAuthorizer(trustDomain: trustDomain, pods: pods),
      logger: logger)
    let ads = DeltaADSServer(
      cache: cache, authenticator: authenticator, pods: pods,
      isReady: { [publisher] in publisher.map { $0.stats.publishes > 0 } ?? true })
    if let publisher {
      let admin = ControlPlaneAdmin(publisher: publisher, xds: ads.stats)
      let monitoring = try HostPort(monitoringListen)
      background.append(
        .init(
          service: AdminHTTPServer(host: monitoring.host, port: monitoring.port) { request in
            request.method == "GET"
              ? await admin.respond(request.path) : .text("only GET is served here\n", status: 405)
          }))
    }
    let identity = try SpiffeIdentity(
      trustDomain: trustDomain, namespace: MeshDefaults.rootNamespace, serviceAccount: "istiod")
    let server = try ControlPlaneServer(
      config: ControlPlaneServerConfig(
        host: endpoint.host, port: endpoint.port, identity: identity, servingNames: servingName),
      service: service, extraServices: [ads])
    logger.info(
      "serving CA and Delta ADS",
      metadata: ["ca.listen": "\(listen)", "ca.mode": "\(mode)", "ca.store": "\(store.location)"])
    let group = ServiceGroup(
      configuration: .init(
        services: background + [.init(service: server)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    try await group.run()
  }

  /// Where the CA's key material lives: an explicit directory, else (with Kubernetes) the plug-in
  /// Secret `cacerts` when it exists or the self-signed Secret `istio-ca-secret`, as istiod does.
  private func caStore(kube: KubeClient?) async throws -> (any CAStore, CertificateAuthority.Mode) {
    if let pluginCADir {
      return (DirectoryCAStore(directory: URL(fileURLWithPath: pluginCADir), readOnly: true), .plugIn)
    }
    if let caDir { return (DirectoryCAStore(directory: URL(fileURLWithPath: caDir)), .selfSigned) }
    guard let kube else { return (DirectoryCAStore(directory: URL(fileURLWithPath: ".mesh/ca")), .selfSigned) }
    let root = MeshDefaults.rootNamespace
    // Only a definite "not found" means no plug-in CA: any other answer (no permission, API
    // away) must stop start-up rather than silently replace the operator's CA with a new root.
    do {
      _ = try await kube.get(.secret, namespace: root, name: "cacerts")
      return (KubeSecretCAStore.plugIn(client: kube, namespace: root), .plugIn)
    } catch  where error.isNotFound {
      return (KubeSecretCAStore(client: kube, namespace: root), .selfSigned)
    } catch {
      throw ValidationError("cannot check for a plug-in CA (secret \(root)/cacerts): \(error)")
    }
  }
}
