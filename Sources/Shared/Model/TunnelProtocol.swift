/// How a workload accepts mesh traffic: plain TCP, or HBONE once ztunnel captures it.
public enum TunnelProtocol: String, Hashable, Sendable, CaseIterable {
  case none
  case hbone
}
