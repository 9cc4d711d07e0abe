import Synchronization

/// Counters of the xDS server, read by tests, benchmarks and (later) the metrics endpoint.
public final class XDSServerStats: Sendable {
  public struct Counters: Sendable, Hashable {
    public var streamsOpened = 0
    public var streamsActive = 0
    public var responses = 0
    public var resourcesSent = 0
    public var removalsSent = 0
    public var acks = 0
    /// ACKs after which the subscriber held everything it should (no pieces still to send).
    public var syncedAcks = 0
    public var nacks = 0
    public var rejectedStreams = 0
    /// The last NACK's type URL and message (what the agent rejected and why).
    public var lastNACK: String?
  }

  private let counters = Mutex(Counters())

  public init() {}

  public var snapshot: Counters { counters.withLock { $0 } }

  func update(_ change: (inout Counters) -> Void) { counters.withLock { change(&$0) } }
}
