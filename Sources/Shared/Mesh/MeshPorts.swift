/// Well-known ports of the ambient data and control planes (see wire-facts §5).
public enum MeshPorts {
  public static let hbone: UInt16 = 15008
  public static let inboundPlaintext: UInt16 = 15006
  public static let outbound: UInt16 = 15001
  public static let admin: UInt16 = 15000
  public static let metrics: UInt16 = 15020
  public static let readiness: UInt16 = 15021
  public static let dns: UInt16 = 15053
  public static let socks5: UInt16 = 15080
  /// Control plane: xDS and CA over TLS.
  public static let controlPlaneTLS: UInt16 = 15012
  /// Control plane: plaintext monitoring.
  public static let controlPlaneMonitoring: UInt16 = 15014

  /// Ports the data plane must never proxy *to*: doing so would loop traffic back into ztunnel.
  public static let reservedDestinations: Set<UInt16> = [outbound, inboundPlaintext, hbone]
}
