/// A coalesced "something changed" stream fed by informers; `stop()` ends it and its feeders.
public struct ChangeFeed: Sendable {
  public let stream: AsyncStream<Void>
  let continuation: AsyncStream<Void>.Continuation
  let feeders: [Task<Void, Never>]

  public func poke() { continuation.yield() }

  public func stop() {
    for feeder in feeders { feeder.cancel() }
    continuation.finish()
  }
}
