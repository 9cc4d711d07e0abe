import CA
import Shared
import XDS

/// Everything one ztunnel needs, built once by the `ztunnel` command (or a test).
public struct ZtunnelConfig: Sendable {
  /// How workloads' traffic reaches this ztunnel.
  public enum Capture: Sendable {
    /// Istio's in-pod mode: redirect rules and listeners inside each local pod's network
    /// namespace (needs root: CAP_NET_ADMIN and CAP_SYS_ADMIN).
    case inPod
    /// No capture: each local workload gets an HBONE listener on its own IP (port 15008), and
    /// workloads send through SOCKS5. For development without root and for in-process tests.
    case explicit
  }

  public var nodeName: String
  public var trustDomain: String
  public var clusterID: String
  public var network: String
  /// The mesh root(s) HBONE peers must chain to.
  public var rootPEMs: [String]
  /// Delta ADS (workloads, services, policies) from the control plane.
  public var xds: XDSClientConfig
  /// Where workload certificates are signed (the control plane's CA, by impersonation).
  public var certificates: any CertificateSource
  /// The ztunnel's own identity (`istio-system/ztunnel`); other identities are impersonated.
  public var ownIdentity: SpiffeIdentity?
  public var capture: Capture
  public var adminAddress: HostPort
  public var metricsAddress: HostPort
  public var readinessAddress: HostPort
  /// nil: no SOCKS5 listener.
  public var socks5Address: HostPort?
  /// How long open connections may finish after SIGTERM before they are closed.
  public var drainTimeout: Duration
  /// Event loop threads for the data path.
  public var workerThreads: Int
  /// The level `/logging` shows and changes.
  public var logLevel: DynamicLogLevel
  /// In-pod mode: which local pods are enrolled, and who marks them captured.
  public var captureGate: any CaptureGate = CaptureEveryLocalPod()

  public init(
    nodeName: String, rootPEMs: [String], xds: XDSClientConfig, certificates: any CertificateSource,
    ownIdentity: SpiffeIdentity? = nil, capture: Capture = .inPod, trustDomain: String = MeshDefaults.trustDomain,
    clusterID: String = MeshDefaults.clusterID, network: String = "",
    adminAddress: HostPort = HostPort(host: "127.0.0.1", port: Int(MeshPorts.admin)),
    metricsAddress: HostPort = HostPort(host: "0.0.0.0", port: Int(MeshPorts.metrics)),
    readinessAddress: HostPort = HostPort(host: "0.0.0.0", port: Int(MeshPorts.readiness)),
    socks5Address: HostPort? = HostPort(host: "127.0.0.1", port: Int(MeshPorts.socks5)),
    drainTimeout: Duration = .seconds(10), workerThreads: Int = 2, logLevel: DynamicLogLevel = DynamicLogLevel()
  ) {
    self.nodeName = nodeName
    self.rootPEMs = rootPEMs
    self.xds = xds
    self.certificates = certificates
    self.ownIdentity = ownIdentity
    self.capture = capture
    self.trustDomain = trustDomain
    self.clusterID = clusterID
    self.network = network
    self.adminAddress = adminAddress
    self.metricsAddress = metricsAddress
    self.readinessAddress = readinessAddress
    self.socks5Address = socks5Address
    self.drainTimeout = drainTimeout
    self.workerThreads = workerThreads
    self.logLevel = logLevel
  }
}
