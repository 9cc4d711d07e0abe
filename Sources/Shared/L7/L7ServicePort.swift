/// A Service port as the waypoint sees it: whether it may parse requests on it.
public struct L7ServicePort: Sendable, Hashable {
  public var port: Int
  public var name: String
  public var `protocol`: L7Protocol

  public init(port: Int, name: String = "", protocol: L7Protocol) {
    self.port = port
    self.name = name
    self.protocol = `protocol`
  }
}
