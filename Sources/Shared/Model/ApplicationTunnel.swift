/// A workload that terminates tunnels itself (e.g. PROXY protocol on a given port).
public struct ApplicationTunnel: Hashable, Sendable {
  public enum TunnelKind: String, Hashable, Sendable {
    case none
    case proxy
  }

  public var kind: TunnelKind
  public var port: UInt16

  public init(kind: TunnelKind, port: UInt16) {
    self.kind = kind
    self.port = port
  }
}
