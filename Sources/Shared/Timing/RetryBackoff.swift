/// Jittered exponential backoff: each delay is drawn from [d/2, d] with d doubling up to `max`,
/// so that many agents failing together do not retry in lockstep.
public struct RetryBackoff: Sendable, Hashable {
  public var initial: Duration
  public var max: Duration
  private var attempt = 0

  public init(initial: Duration, max: Duration) {
    self.initial = initial
    self.max = max
  }

  public mutating func next() -> Duration {
    let factor = 1 << Swift.min(attempt, 30)
    attempt += 1
    let ceiling = Swift.min(initial * factor, max)
    return ceiling * Double.random(in: 0.5...1.0)
  }

  public mutating func reset() { attempt = 0 }
}
