/// A service host qualified by namespace, e.g. a waypoint `ambient-apps/waypoint.ambient-apps.svc.cluster.local`.
public struct NamespacedHostname: Hashable, Sendable, CustomStringConvertible {
  public var namespace: String
  public var hostname: String

  public init(namespace: String, hostname: String) {
    self.namespace = namespace
    self.hostname = hostname
  }

  public var description: String { "\(namespace)/\(hostname)" }
}
