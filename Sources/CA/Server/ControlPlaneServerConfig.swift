import Shared

/// Where and how the control plane's gRPC endpoint (CA and xDS) listens.
public struct ControlPlaneServerConfig: Sendable {
  public var host: String
  public var port: Int
  /// The control plane's own identity, in its serving certificate's URI SAN.
  public var identity: SpiffeIdentity
  /// DNS names and IPs agents dial, e.g. `istiod.istio-system.svc`.
  public var servingNames: [String]

  public init(
    host: String = "0.0.0.0", port: Int = Int(MeshPorts.controlPlaneTLS), identity: SpiffeIdentity,
    servingNames: [String]
  ) {
    self.host = host
    self.port = port
    self.identity = identity
    self.servingNames = servingNames
  }
}
