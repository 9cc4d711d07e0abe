/// Service traffic distribution preferences (`istio.workload.LoadBalancing`).
public struct LoadBalancing: Hashable, Sendable {
  public enum Scope: String, Hashable, Sendable, CaseIterable {
    case region, zone, subzone, node, cluster, network
  }

  public enum Mode: String, Hashable, Sendable, CaseIterable {
    case unspecified, strict, failover, passthrough
  }

  public enum HealthPolicy: String, Hashable, Sendable, CaseIterable {
    case onlyHealthy, allowAll
  }

  public var routingPreference: [Scope]
  public var mode: Mode
  public var healthPolicy: HealthPolicy

  public init(routingPreference: [Scope] = [], mode: Mode = .unspecified, healthPolicy: HealthPolicy = .onlyHealthy) {
    self.routingPreference = routingPreference
    self.mode = mode
    self.healthPolicy = healthPolicy
  }
}
