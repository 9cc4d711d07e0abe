import CA
import Shared
import XDS

/// Everything one waypoint needs, built once by the `waypoint` command (or a test).
public struct WaypointConfig: Sendable {
  /// The Gateway this waypoint serves (`namespace/name`): Services whose configuration names
  /// another waypoint are refused, so a mis-sent tunnel never gets another waypoint's policies.
  public var gateway: String
  /// The waypoint's own identity (its Deployment's service account).
  public var identity: SpiffeIdentity
  public var trustDomain: String
  /// The mesh root(s) HBONE peers must chain to.
  public var rootPEMs: [String]
  public var xds: XDSClientConfig
  public var certificates: any CertificateSource
  /// Where HBONE is accepted (port 15008 on the pod's addresses).
  public var hboneAddress: HostPort
  public var adminAddress: HostPort
  public var metricsAddress: HostPort
  public var readinessAddress: HostPort
  public var drainTimeout: Duration
  public var workerThreads: Int

  public init(
    gateway: String, identity: SpiffeIdentity, rootPEMs: [String], xds: XDSClientConfig,
    certificates: any CertificateSource, trustDomain: String = MeshDefaults.trustDomain,
    hboneAddress: HostPort = HostPort(host: "0.0.0.0", port: Int(MeshPorts.hbone)),
    adminAddress: HostPort = HostPort(host: "127.0.0.1", port: Int(MeshPorts.admin)),
    metricsAddress: HostPort = HostPort(host: "0.0.0.0", port: Int(MeshPorts.metrics)),
    readinessAddress: HostPort = HostPort(host: "0.0.0.0", port: Int(MeshPorts.readiness)),
    drainTimeout: Duration = .seconds(10), workerThreads: Int = 2
  ) {
    self.gateway = gateway
    self.identity = identity
    self.trustDomain = trustDomain
    self.rootPEMs = rootPEMs
    self.xds = xds
    self.certificates = certificates
    self.hboneAddress = hboneAddress
    self.adminAddress = adminAddress
    self.metricsAddress = metricsAddress
    self.readinessAddress = readinessAddress
    self.drainTimeout = drainTimeout
    self.workerThreads = workerThreads
  }
}
