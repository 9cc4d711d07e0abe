/// An IP within a named network; Istio's xDS aliases are written `network/IP`.
public struct NetworkAddress: Hashable, Sendable, CustomStringConvertible {
  public var network: String
  public var address: IPAddress

  public init(network: String = "", address: IPAddress) {
    self.network = network
    self.address = address
  }

  /// The xDS resource alias form: `network/IP` (the network part may be empty).
  public var description: String { "\(network)/\(address)" }
}
