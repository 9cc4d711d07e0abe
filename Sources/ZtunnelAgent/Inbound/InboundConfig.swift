/// How this agent's inbound listeners relate to the workloads they serve.
public struct InboundConfig: Sendable, Hashable {
  public enum Mode: Sendable, Hashable {
    /// Istio's in-pod mode: listeners run inside each pod's network namespace, so a connection
    /// may only be for the pod whose address it was accepted on.
    case inPod
    /// One listener for the node: any workload scheduled on `node` may be the destination.
    case sharedNodeListener(node: String)
  }

  public var mode: Mode
  /// The network this agent's workloads live in (the `network` of `network/IP` lookups).
  public var network: String

  public init(mode: Mode = .inPod, network: String = "") {
    self.mode = mode
    self.network = network
  }
}
