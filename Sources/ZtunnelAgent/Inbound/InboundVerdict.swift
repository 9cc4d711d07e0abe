import Shared

/// What to do with one inbound connection (HBONE CONNECT or captured plaintext).
public enum InboundVerdict: Sendable, Hashable {
  /// Connect to `target` (the destination workload's IP and port) and relay.
  case forward(InboundForward)
  /// Answer with `status` (HBONE) or close (plaintext), and count with `flags`.
  case reject(InboundRejection)
}

public struct InboundForward: Sendable, Hashable {
  public var target: HostPort
  public var workload: Workload
  /// The identity of the destination workload: the certificate the HBONE server presents.
  public var identity: SpiffeIdentity

  public init(target: HostPort, workload: Workload, identity: SpiffeIdentity) {
    self.target = target
    self.workload = workload
    self.identity = identity
  }
}

/// A refused inbound connection, with the HTTP status of wire-facts §5 (400 bad request or
/// destination mismatch, 401 denied by policy, 503 not ready), the metrics flag, and a reason
/// naming what was wrong.
public struct InboundRejection: Error, Sendable, Hashable, CustomStringConvertible {
  public var status: Int
  public var flags: ResponseFlags
  public var reason: String
  /// The destination workload, when it was found (for metrics labels).
  public var workload: Workload?

  public init(status: Int, flags: ResponseFlags, reason: String, workload: Workload? = nil) {
    self.status = status
    self.flags = flags
    self.reason = reason
    self.workload = workload
  }

  public var description: String { "\(status): \(reason)" }
}
