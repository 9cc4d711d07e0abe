/// Where a waypoint or network gateway is reached: by hostname or address, plus its HBONE port.
public struct GatewayAddress: Hashable, Sendable {
  public enum Destination: Hashable, Sendable {
    case hostname(NamespacedHostname)
    case address(NetworkAddress)
  }

  public var destination: Destination
  public var hboneMTLSPort: UInt16

  public init(destination: Destination, hboneMTLSPort: UInt16 = MeshPorts.hbone) {
    self.destination = destination
    self.hboneMTLSPort = hboneMTLSPort
  }
}
