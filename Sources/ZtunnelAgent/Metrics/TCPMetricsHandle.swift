import Synchronization

extension TCPMetrics {
  /// The counters of one label set. Obtained once per connection; after that every update is
  /// one relaxed atomic add, so the byte-copy loop pays no lookup or lock.
  public final class Handle: Sendable {
    public let labels: MetricLabels
    let opened = Atomic<UInt64>(0)
    let closed = Atomic<UInt64>(0)
    let received = Atomic<UInt64>(0)
    let sent = Atomic<UInt64>(0)
    let failed = Atomic<UInt64>(0)

    init(labels: MetricLabels) {
      self.labels = labels
    }

    public func connectionOpened() { opened.add(1, ordering: .relaxed) }
    public func connectionClosed() { closed.add(1, ordering: .relaxed) }
    /// A connection that could not be established (denied, upstream refused, TLS failure).
    public func connectionFailed() { failed.add(1, ordering: .relaxed) }
    /// Bytes received from the client side of the proxied connection.
    public func received(bytes: Int) { received.add(UInt64(max(bytes, 0)), ordering: .relaxed) }
    /// Bytes sent back to the client side.
    public func sent(bytes: Int) { sent.add(UInt64(max(bytes, 0)), ordering: .relaxed) }

    var values: (opened: UInt64, closed: UInt64, received: UInt64, sent: UInt64, failed: UInt64) {
      (
        opened.load(ordering: .relaxed), closed.load(ordering: .relaxed), received.load(ordering: .relaxed),
        sent.load(ordering: .relaxed), failed.load(ordering: .relaxed)
      )
    }
  }
}
