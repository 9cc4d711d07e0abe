/// What L4 authorization may look at for one connection. The source identity comes from the
/// peer's verified certificate only (nil for plaintext), never from request headers.
public struct ConnectionAttributes: Hashable, Sendable {
  public var sourceIdentity: SpiffeIdentity?
  public var sourceIP: IPAddress
  public var destinationIP: IPAddress
  public var destinationPort: UInt16

  public init(sourceIdentity: SpiffeIdentity?, sourceIP: IPAddress, destinationIP: IPAddress, destinationPort: UInt16) {
    self.sourceIdentity = sourceIdentity
    self.sourceIP = sourceIP
    self.destinationIP = destinationIP
    self.destinationPort = destinationPort
  }
}
