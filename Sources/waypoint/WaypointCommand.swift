import ArgumentParser
import CA
import Foundation
import Logging
import ServiceLifecycle
import Shared
import WaypointAgent
import XDS

/// `waypoint`: the L7 proxy of one `istio-waypoint` Gateway. In a cluster it reads everything
/// from the Deployment the control plane creates for the Gateway: `--gateway ns/name`, the pod's
/// environment (POD_NAME, POD_NAMESPACE, INSTANCE_IP, SERVICE_ACCOUNT) and the mounted token and
/// root certificate.
@main
struct WaypointCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "waypoint",
    abstract: "Ambient mesh waypoint: HTTP routing, retries, faults, L7 authorization and JWT over HBONE.",
    version: MeshVersion.current)

  @Option(help: "The Gateway served, namespace/name.") var gateway: String
  @Option(help: "Control plane xDS and CA address (host:port).") var xdsAddress = "istiod.istio-system.svc:15012"
  @Option(help: "PEM file with the mesh root certificate(s).") var caRoot = "/var/run/secrets/istio/root-cert.pem"
  @Option(help: "Service-account token (audience istio-ca), re-read on every use.")
  var tokenFile = "/var/run/secrets/tokens/istio-token"
  @Option(help: "This waypoint's pod name (default: $POD_NAME).") var podName: String?
  @Option(help: "This waypoint's namespace (default: $POD_NAMESPACE or the Gateway's).") var podNamespace: String?
  @Option(help: "This waypoint's service account (default: $SERVICE_ACCOUNT or the Gateway's name).")
  var serviceAccount: String?
  @Option(help: "This waypoint's IP (default: $INSTANCE_IP).") var instanceIP: String?
  @Option(help: "SPIFFE trust domain.") var trustDomain = MeshDefaults.trustDomain
  @Option(help: "Cluster ID sent to the control plane.") var clusterID = MeshDefaults.clusterID
  @Option(help: "HBONE address.") var hbone = "0.0.0.0:\(MeshPorts.hbone)"
  @Option(help: "Admin address (/config_dump, /quitquitquit).") var admin = "127.0.0.1:\(MeshPorts.admin)"
  @Option(help: "Prometheus metrics address.") var metrics = "0.0.0.0:\(MeshPorts.metrics)"
  @Option(help: "Readiness address (/healthz/ready).") var readiness = "0.0.0.0:\(MeshPorts.readiness)"
  @Option(help: "Seconds open connections may finish after SIGTERM.") var drainTimeout = 10
  @Option(help: "Data path threads.") var workerThreads = 2
  @Option(help: "Log level: trace, debug, info, warning, error.") var logLevel = "info"

  func validate() throws {
    let parts = gateway.split(separator: "/")
    guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
      throw ValidationError("--gateway must be namespace/name, not \"\(gateway)\"")
    }
  }

  func run() async throws {
    let environment = ProcessInfo.processInfo.environment
    let level = Logger.Level(rawValue: logLevel) ?? .info
    LoggingSystem.bootstrap { label in
      var handler = StreamLogHandler.standardError(label: label)
      handler.logLevel = level
      return handler
    }
    let logger = Logger(label: "mesh.waypoint")
    let gatewayParts = gateway.split(separator: "/").map(String.init)
    let namespace = podNamespace ?? environment["POD_NAMESPACE"] ?? gatewayParts[0]
    let account = serviceAccount ?? environment["SERVICE_ACCOUNT"] ?? gatewayParts[1]
    let pod = podName ?? environment["POD_NAME"] ?? gatewayParts[1]
    let ip = instanceIP ?? environment["INSTANCE_IP"] ?? "127.0.0.1"
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
      nodeID: "waypoint~\(ip)~\(pod).\(namespace)~\(namespace).svc.cluster.local",
      nodeMetadata: ["NAME": pod, "NAMESPACE": namespace, "INSTANCE_IPS": ip, "CLUSTER_ID": clusterID])
    let certificates = try GRPCCertificateSource(
      host: server.host, port: server.port, rootPEM: rootPEM, clusterID: clusterID, token: token)
    let config = WaypointConfig(
      gateway: gateway,
      identity: try SpiffeIdentity(trustDomain: trustDomain, namespace: namespace, serviceAccount: account),
      rootPEMs: [rootPEM], xds: xds, certificates: certificates, trustDomain: trustDomain,
      hboneAddress: try HostPort(hbone), adminAddress: try HostPort(admin), metricsAddress: try HostPort(metrics),
      readinessAddress: try HostPort(readiness), drainTimeout: .seconds(drainTimeout), workerThreads: workerThreads)
    let app = try WaypointApp(config: config, logger: logger)
    let group = ServiceGroup(
      configuration: .init(
        services: [.init(service: CertificateClientService(source: certificates)), .init(service: app)],
        gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    try await group.run()
  }
}

/// Runs the CA client's gRPC connection for the life of the waypoint.
struct CertificateClientService: ServiceLifecycle.Service {
  let source: GRPCCertificateSource

  func run() async throws {
    try await withGracefulShutdownHandler {
      try await source.run()
    } onGracefulShutdown: {
      source.close()
    }
  }
}
