import ArgumentParser
import CA
import Foundation
import Kube
import Logging
import ServiceLifecycle
import Shared
import XDS
import ZtunnelAgent

/// `ztunnel`: the per-node L4 proxy. In a cluster it reads everything from its pod's environment
/// (NODE_NAME, POD_NAME, POD_NAMESPACE, INSTANCE_IP) and mounted files (projected token, root
/// certificate), as the DaemonSet in manifests/mesh/30-ztunnel.yaml sets them up.
@main
struct ZtunnelCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ztunnel", abstract: "Ambient mesh node proxy: HBONE mTLS tunnels and L4 authorization.",
    version: MeshVersion.current)

  @Option(help: "Control plane xDS and CA address (host:port).") var xdsAddress = "istiod.istio-system.svc:15012"
  @Option(help: "PEM file with the mesh root certificate(s).") var caRoot = "/var/run/secrets/istio/root-cert.pem"
  @Option(help: "Service-account token (audience istio-ca), re-read on every use.")
  var tokenFile = "/var/run/secrets/tokens/istio-token"
  @Option(
    help:
      "explicit (no capture: per-workload HBONE listeners and SOCKS5) or in-pod (redirect inside each enrolled pod's network namespace; needs root)."
  )
  var capture = "explicit"
  @Option(help: "Node this ztunnel serves (default: $NODE_NAME).") var nodeName: String?
  @Option(help: "This ztunnel's pod name (default: $POD_NAME).") var podName: String?
  @Option(help: "This ztunnel's namespace (default: $POD_NAMESPACE or istio-system).") var podNamespace: String?
  @Option(help: "This ztunnel's IP (default: $INSTANCE_IP).") var instanceIP: String?
  @Option(help: "SPIFFE trust domain.") var trustDomain = MeshDefaults.trustDomain
  @Option(help: "Cluster ID sent to the control plane.") var clusterID = MeshDefaults.clusterID
  @Option(help: "Admin address (/config_dump, /quitquitquit, /logging).") var admin = "127.0.0.1:\(MeshPorts.admin)"
  @Option(help: "Prometheus metrics address.") var metrics = "0.0.0.0:\(MeshPorts.metrics)"
  @Option(help: "Readiness address (/healthz/ready).") var readiness = "0.0.0.0:\(MeshPorts.readiness)"
  @Option(help: "SOCKS5 address; empty to disable.") var socks5 = "127.0.0.1:\(MeshPorts.socks5)"
  @Option(help: "Seconds open connections may finish after SIGTERM.") var drainTimeout = 10
  @Option(help: "Data path threads.") var workerThreads = 2
  @Option(help: "Log level: trace, debug, info, warning, error.") var logLevel = "info"
  @Option(
    help:
      "In-pod mode: kubeconfig for watching this node's pods and marking captured ones (default: in-cluster when KUBERNETES_SERVICE_HOST is set; without either, every local pod is captured)."
  )
  var kubeconfig: String?

  func run() async throws {
    let environment = ProcessInfo.processInfo.environment
    let level = DynamicLogLevel(Logger.Level(rawValue: logLevel) ?? .info)
    LoggingSystem.bootstrap { level.handler(label: $0) }
    let logger = Logger(label: "mesh.ztunnel")
    guard let node = nodeName ?? environment["NODE_NAME"], !node.isEmpty else {
      throw ValidationError(
        "no node name: pass --node-name or set NODE_NAME (the DaemonSet sets it from spec.nodeName)")
    }
    let pod = podName ?? environment["POD_NAME"] ?? "ztunnel-\(node)"
    let namespace = podNamespace ?? environment["POD_NAMESPACE"] ?? MeshDefaults.rootNamespace
    let ip = instanceIP ?? environment["INSTANCE_IP"] ?? "127.0.0.1"
    let mode: ZtunnelConfig.Capture
    switch capture {
    case "in-pod":
      guard getuid() == 0 else {
        throw ValidationError(
          "--capture in-pod needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN); use --capture explicit without it")
      }
      mode = .inPod
    case "explicit": mode = .explicit
    default: throw ValidationError("--capture must be in-pod or explicit, not \"\(capture)\"")
    }
    let server = try HostPort(xdsAddress)
    let rootPEM: String
    do {
      rootPEM = try String(contentsOfFile: caRoot, encoding: .utf8)
    } catch {
      throw ValidationError("cannot read the mesh root certificate at \(caRoot): \(error.localizedDescription)")
    }
    let tokenPath = tokenFile
    let token: @Sendable () async throws -> String = {
      try String(contentsOfFile: tokenPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }
    let xds = XDSClientConfig(
      host: server.host, port: server.port, rootPEM: rootPEM, clusterID: clusterID, token: token,
      nodeID: "ztunnel~\(ip)~\(pod).\(namespace)~\(namespace).svc.cluster.local",
      nodeMetadata: [
        "NAME": pod, "NAMESPACE": namespace, "INSTANCE_IPS": ip, "NODE_NAME": node, "CLUSTER_ID": clusterID,
      ])
    let certificates = try GRPCCertificateSource(
      host: server.host, port: server.port, rootPEM: rootPEM, clusterID: clusterID, token: token)
    var config = ZtunnelConfig(
      nodeName: node, rootPEMs: [rootPEM], xds: xds, certificates: certificates,
      ownIdentity: try SpiffeIdentity(trustDomain: trustDomain, namespace: namespace, serviceAccount: "ztunnel"),
      capture: mode, trustDomain: trustDomain, clusterID: clusterID, adminAddress: try HostPort(admin),
      metricsAddress: try HostPort(metrics), readinessAddress: try HostPort(readiness),
      socks5Address: socks5.isEmpty ? nil : try HostPort(socks5), drainTimeout: .seconds(drainTimeout),
      workerThreads: workerThreads, logLevel: level)
    var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
      .init(service: CertificateSourceService(source: certificates))
    ]
    if mode == .inPod, let gate = try captureGate(node: node, environment: environment, logger: logger) {
      config.captureGate = gate
      services.append(.init(service: CaptureGateService(gate: gate)))
    }
    let app = try ZtunnelApp(config: config, logger: logger)
    services.append(.init(service: app))
    let group = ServiceGroup(
      configuration: .init(
        services: services,
        gracefulShutdownSignals: [.sigterm, .sigint],
        logger: logger))
    try await group.run()
  }

  /// The cluster-backed enrollment gate, or nil without Kubernetes access (then every local pod
  /// the control plane sends is captured, and nobody marks them).
  private func captureGate(node: String, environment: [String: String], logger: Logger) throws -> KubeCaptureGate? {
    let config: KubeConfig
    if let kubeconfig {
      config = try KubeConfig.resolve(explicitPath: kubeconfig)
    } else if environment["KUBERNETES_SERVICE_HOST"] != nil {
      config = try KubeConfig.inCluster(environment: environment)
    } else {
      logger.warning("no Kubernetes access: capturing every local pod and marking none (pass --kubeconfig)")
      return nil
    }
    return KubeCaptureGate(client: try KubeClient(config: config), node: node, logger: logger)
  }
}

/// Runs the enrollment gate's informers for the life of the ztunnel.
struct CaptureGateService: ServiceLifecycle.Service {
  let gate: KubeCaptureGate

  func run() async throws {
    await cancelWhenGracefulShutdown { await gate.run() }
  }
}
